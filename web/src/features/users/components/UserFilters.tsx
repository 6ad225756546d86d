import { useEffect } from 'react';
import { Card, Form, Input, Select } from 'antd';
import { ROLES } from '../../../../../src/shared/roles';
import { useI18n } from '../../../i18n';
import { useIsMobile } from '../../../responsive';
import { AreaSelect } from '../../../components/AreaSelect';
import { FilterActions } from '../../../components/FilterActions';
import { useT } from '../messages';

export interface UserFilterValues {
  q?: string;
  role?: string;
  status?: string;
  areaCode?: string;
}

/** Name, role, status and area; 查询 applies them, 重置 clears them (and the address bar). */
export function UserFilters({ value, onSearch, onReset }: { value: UserFilterValues; onSearch: (v: UserFilterValues) => void; onReset: () => void }) {
  const t = useT();
  const { roleLabel } = useI18n();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<UserFilterValues>();

  // Follow the address bar (a shared link, back / forward), not every re-render: typing must not be overwritten.
  const shown = JSON.stringify(value);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(JSON.parse(shown) as UserFilterValues);
  }, [form, shown]);

  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Form<UserFilterValues>
        form={form}
        layout={isMobile ? 'vertical' : 'inline'}
        className="fp-filters"
        onFinish={(v) => onSearch({ q: v.q?.trim() || undefined, role: v.role, status: v.status, areaCode: v.areaCode })}
        data-testid="user-filters"
      >
        <Form.Item name="q">
          <Input placeholder={t('users.searchPlaceholder')} allowClear maxLength={64} data-testid="user-filter-q" />
        </Form.Item>
        <Form.Item name="role">
          <Select
            placeholder={t('users.role')}
            allowClear
            options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
            style={{ minWidth: 150 }}
            data-testid="user-filter-role"
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            placeholder={t('users.status')}
            allowClear
            style={{ minWidth: 110 }}
            options={[
              { value: 'active', label: t('users.active') },
              { value: 'disabled', label: t('users.disabled') },
            ]}
            data-testid="user-filter-status"
          />
        </Form.Item>
        <Form.Item name="areaCode">
          <AreaSelect placeholder={t('users.area')} style={{ minWidth: 200 }} testId="user-filter-area" />
        </Form.Item>
        <FilterActions onReset={onReset} testIdPrefix="user-filter" />
      </Form>
    </Card>
  );
}
