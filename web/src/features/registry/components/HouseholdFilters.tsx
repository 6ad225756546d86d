import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Form, Input, Select } from 'antd';
import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { AreaSelect } from '../../../components/AreaSelect';
import { FilterActions } from '../../../components/FilterActions';
import { TownshipSelect } from './TownshipSelect';
import { useIsMobile } from '../../../responsive';
import { useRT } from '../messages';
import { FLAGS, type Category, type Flag } from '../types';

export interface ListFilters {
  q?: string;
  townshipCode?: string;
  villageCode?: string;
  category?: Category;
  flags?: Flag[];
}

/**
 * The search box (name, pinyin, initials, ID number, household number) and the township / village / type / flag filters. On a
 * phone the filters fold away behind a button (open while one is set), so the results start near the top. 重置 clears
 * the form and the list's address.
 */
export function HouseholdFilters({ value, onChange, onReset }: { value: ListFilters; onChange: (f: ListFilters) => void; onReset: () => void }) {
  const [form] = Form.useForm<ListFilters>();
  const { rt, options } = useRT();
  const isMobile = useIsMobile();

  // Follow the address bar (back / forward), not every re-render: typing must not be overwritten.
  const shown = JSON.stringify({ q: value.q, townshipCode: value.townshipCode, villageCode: value.villageCode, category: value.category, flags: value.flags ?? [] });
  useEffect(() => {
    form.setFieldsValue(JSON.parse(shown) as ListFilters);
  }, [form, shown]);

  const filtersSet = [value.townshipCode, value.villageCode, value.category].filter(Boolean).length + (value.flags?.length ?? 0);
  const [unfolded, setUnfolded] = useState(filtersSet > 0);
  const folded = isMobile && !unfolded;

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
        <Form.Item name="townshipCode" hidden={folded}>
          <TownshipSelect placeholder={rt('list.township')} testId="hh-filter-township" />
        </Form.Item>
        <Form.Item name="villageCode" hidden={folded}>
          <AreaSelect placeholder={rt('list.village')} style={{ minWidth: 180 }} testId="hh-filter-village" />
        </Form.Item>
        <Form.Item name="category" hidden={folded}>
          <Select placeholder={rt('list.category')} allowClear options={options('category')} style={{ minWidth: 130 }} data-testid="hh-filter-category" />
        </Form.Item>
        <Form.Item name="flags" hidden={folded}>
          <Checkbox.Group options={FLAGS.map((f) => ({ value: f, label: rt(`flag.${f}`) }))} data-testid="hh-filter-flags" />
        </Form.Item>
        <FilterActions
          onReset={onReset}
          testIdPrefix="hh-filter"
          extra={
            isMobile && (
              <Button type={unfolded ? 'default' : 'text'} icon={<FilterOutlined />} onClick={() => setUnfolded(!unfolded)} aria-expanded={unfolded} data-testid="hh-filter-toggle">
                {rt('list.filters')}
                {filtersSet ? ` (${filtersSet})` : ''}
              </Button>
            )
          }
        />
      </Form>
    </Card>
  );
}
