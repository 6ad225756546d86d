import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

const FORMAT = 'YYYY-MM-DD';

/**
 * The one date field: Ant Design's DatePicker in the app's language (zh-CN: 2026年12月, 一 二 三 …; the locale comes
 * from App.tsx's ConfigProvider, the month and weekday names from dayjs's locale, set with it), typed or picked as
 * YYYY-MM-DD, never the browser's own <input type=date> (mm/dd/yyyy on an English system). The value is the form's
 * 'YYYY-MM-DD' string, as the API takes it. `max`: the last day that may be chosen (today for past events).
 */
export function DateInput({
  value,
  onChange,
  max,
  min,
  testId,
  style,
  placeholder,
  allowClear = true,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  max?: string;
  min?: string;
  testId?: string;
  style?: React.CSSProperties;
  placeholder?: string;
  allowClear?: boolean;
}) {
  const parsed = value ? dayjs(value, FORMAT) : null;
  return (
    <DatePicker
      value={parsed?.isValid() ? parsed : null}
      onChange={(d: Dayjs | null) => onChange?.(d ? d.format(FORMAT) : null)}
      format={FORMAT}
      disabledDate={(d) => (max ? d.format(FORMAT) > max : false) || (min ? d.format(FORMAT) < min : false)}
      allowClear={allowClear}
      placeholder={placeholder}
      style={{ width: '100%', maxWidth: 220, ...style }}
      data-testid={testId}
    />
  );
}

/** Today in China (UTC+8) as YYYY-MM-DD: the latest day a past event may carry. */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
