import { useEffect } from 'react';
import { Card, DatePicker, Form, Input, Select } from 'antd';
import { FilterActions } from '../../../components/FilterActions';
import dayjs, { type Dayjs } from 'dayjs';
import { useIsMobile } from '../../../responsive';
import { useT } from '../messages';
import { useAuditActions } from '../useAuditActions';

/** The filters as the address bar holds them (the time range as ISO instants). */
export interface AuditFilterValues {
  username?: string;
  /** Comma-joined action codes (the catalogue's). */
  actions?: string;
  outcome?: string;
  from?: string;
  to?: string;
}

interface FormValues {
  username?: string;
  actions?: string[];
  outcome?: 'ok' | 'fail';
  range?: [Dayjs | null, Dayjs | null] | null;
}

function toForm(v: AuditFilterValues): FormValues {
  return {
    username: v.username,
    actions: v.actions ? v.actions.split(',').filter(Boolean) : undefined,
    outcome: v.outcome === 'ok' || v.outcome === 'fail' ? v.outcome : undefined,
    range: v.from || v.to ? [v.from ? dayjs(v.from) : null, v.to ? dayjs(v.to) : null] : undefined,
  };
}

/** User, actions (any of those chosen from the catalogue), outcome and time range; 查询 applies them, 重置 clears them (and the address bar). */
export function AuditFilters({ value, onSearch, onReset }: { value: AuditFilterValues; onSearch: (v: AuditFilterValues) => void; onReset: () => void }) {
  const t = useT();
  const isMobile = useIsMobile();
  const actions = useAuditActions();
  const [form] = Form.useForm<FormValues>();

  // Follow the address bar (a shared link, back / forward), not every re-render: typing must not be overwritten.
  const shown = JSON.stringify(value);
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toForm(JSON.parse(shown) as AuditFilterValues));
  }, [form, shown]);

  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Form<FormValues>
        form={form}
        layout={isMobile ? 'vertical' : 'inline'}
        className="fp-filters"
        data-testid="audit-filters"
        onFinish={(v) =>
          onSearch({
            username: v.username?.trim() || undefined,
            actions: v.actions?.length ? v.actions.join(',') : undefined,
            outcome: v.outcome,
            from: v.range?.[0]?.toISOString(),
            to: v.range?.[1]?.toISOString(),
          })
        }
      >
        <Form.Item name="username">
          <Input placeholder={t('audit.username')} allowClear maxLength={64} data-testid="audit-filter-username" />
        </Form.Item>
        <Form.Item name="actions">
          <Select
            mode="multiple"
            placeholder={t('audit.actionPlaceholder')}
            allowClear
            options={actions.options}
            optionFilterProp="label"
            maxTagCount="responsive"
            style={{ minWidth: 240, maxWidth: isMobile ? undefined : 420 }}
            data-testid="audit-filter-actions"
          />
        </Form.Item>
        <Form.Item name="outcome">
          <Select
            placeholder={t('audit.outcome')}
            allowClear
            style={{ minWidth: 110 }}
            options={[
              { value: 'ok', label: t('audit.ok') },
              { value: 'fail', label: t('audit.fail') },
            ]}
            data-testid="audit-filter-outcome"
          />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="audit-filter-range" />
        </Form.Item>
        <FilterActions onReset={onReset} testIdPrefix="audit-filter" />
      </Form>
    </Card>
  );
}
