import type { ReactNode } from 'react';
import { Button, Form, Space } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

/**
 * The 查询 / 重置 pair every list's filter form ends with (inside its <Form>). 查询 submits the form; 重置 empties the
 * form itself and then calls `onReset`, which clears the list's address bar (useListQuery.reset) and loads again — so
 * the form, the address and the table agree. `extra` goes after them (the phone's filter toggle).
 * Test ids: `<testIdPrefix>-submit`, `<testIdPrefix>-reset`.
 */
export function FilterActions({ onReset, testIdPrefix, extra }: { onReset: () => void; testIdPrefix: string; extra?: ReactNode }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  return (
    <Form.Item>
      <Space wrap>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid={`${testIdPrefix}-submit`}>
          {t('common.search')}
        </Button>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            form.resetFields();
            onReset();
          }}
          data-testid={`${testIdPrefix}-reset`}
        >
          {t('common.reset')}
        </Button>
        {extra}
      </Space>
    </Form.Item>
  );
}
