import { useEffect } from 'react';
import { Button, Card, Checkbox, Form, Input, Select, Space } from 'antd';
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { AreaSelect } from '../components/AreaSelect';
import { useI18n } from '../i18n';
import { useIsMobile } from '../responsive';
import { useRT } from './messages';
import { FLAGS, type Category, type Flag } from './types';

export interface ListFilters {
  q?: string;
  villageCode?: string;
  category?: Category;
  flags?: Flag[];
}

/** The search box (name, pinyin, initials, ID number, household number) and the village / type / flag filters. */
export function HouseholdFilters({ value, onChange }: { value: ListFilters; onChange: (f: ListFilters) => void }) {
  const [form] = Form.useForm<ListFilters>();
  const { t } = useI18n();
  const { rt, options } = useRT();
  const isMobile = useIsMobile();

  // Follow the address bar (back / forward), not every re-render: typing must not be overwritten.
  const shown = JSON.stringify({ q: value.q, villageCode: value.villageCode, category: value.category, flags: value.flags ?? [] });
  useEffect(() => {
    form.setFieldsValue(JSON.parse(shown) as ListFilters);
  }, [form, shown]);

  const submit = (v: ListFilters) => onChange({ ...v, q: v.q?.trim() || undefined, flags: v.flags?.length ? v.flags : undefined });

  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Form<ListFilters> form={form} layout={isMobile ? 'vertical' : 'inline'} className="fp-filters" onFinish={submit} data-testid="hh-filters">
        <Form.Item name="q" style={{ minWidth: isMobile ? undefined : 320 }}>
          <Input
            placeholder={rt('list.searchPlaceholder')}
            title={rt('list.searchHint')}
            allowClear
            maxLength={40}
            prefix={<SearchOutlined />}
            inputMode="search"
            enterKeyHint="search"
            onPressEnter={() => form.submit()}
            data-testid="hh-search"
          />
        </Form.Item>
        <Form.Item name="villageCode">
          <AreaSelect placeholder={rt('list.village')} style={{ minWidth: 180 }} testId="hh-filter-village" />
        </Form.Item>
        <Form.Item name="category">
          <Select placeholder={rt('list.category')} allowClear options={options('category')} style={{ minWidth: 130 }} data-testid="hh-filter-category" />
        </Form.Item>
        <Form.Item name="flags">
          <Checkbox.Group options={FLAGS.map((f) => ({ value: f, label: rt(`flag.${f}`) }))} data-testid="hh-filter-flags" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="hh-search-submit">
              {t('common.search')}
            </Button>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                form.resetFields();
                onChange({});
              }}
              data-testid="hh-filter-reset"
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
