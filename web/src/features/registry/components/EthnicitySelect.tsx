import { Input, Select, Space } from 'antd';
import { ETHNIC_GROUPS, ETHNICITY_OTHER } from '../../../../../src/shared/codes';
import { useRT } from '../messages';

const OTHER = /^其他(?:（(.*)）)?$/;

/**
 * 民族: one of the 56 ethnic groups (GB/T 3304), or 其他 with free text beside it. The value is the stored form the
 * server takes (汉族, 其他, 其他（穿青人）); a stored value from before this list (free text) shows as typed until changed.
 */
export function EthnicitySelect({ value, onChange, testId }: { value?: string | null; onChange?: (v: string | null) => void; testId?: string }) {
  const { rt, lang } = useRT();
  const other = value ? OTHER.exec(value) : null;
  const known = value && ETHNIC_GROUPS.some((g) => g.zh === value);
  const choice = known ? value : other ? ETHNICITY_OTHER : value || undefined;
  const options = [
    ...ETHNIC_GROUPS.map((g) => ({ value: g.zh, label: lang === 'en' ? `${g.zh} ${g.en}` : g.zh })),
    { value: ETHNICITY_OTHER, label: lang === 'en' ? `${ETHNICITY_OTHER} Other` : ETHNICITY_OTHER },
  ];
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        value={choice}
        onChange={(v: string | undefined) => onChange?.(v ?? null)}
        options={options}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="汉族"
        style={{ width: other ? '45%' : '100%' }}
        data-testid={testId}
      />
      {other && (
        <Input
          value={other[1] ?? ''}
          maxLength={15}
          placeholder={rt('m.ethnicityOther')}
          onChange={(e) => {
            const text = e.target.value.replace(/[（）()]/g, '').trim();
            onChange?.(text ? `${ETHNICITY_OTHER}（${text}）` : ETHNICITY_OTHER);
          }}
          style={{ width: '55%' }}
          data-testid={testId ? `${testId}-other` : undefined}
        />
      )}
    </Space.Compact>
  );
}
