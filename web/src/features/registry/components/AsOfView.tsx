import { useState } from 'react';
import { Alert, Space, Spin, Typography } from 'antd';
import { DateInput, todayInChina } from '../../../components/DateInput';
import { ApiError } from '../../../api/client';
import { registryApi } from '../api';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import { useRT } from '../messages';
import { fromSnapshot } from '../snapshot';
import { HouseholdFacts } from './HouseholdFacts';
import { MembersTable } from './MembersTable';

/** 查看某日状态: pick a date, see the household as it was at the end of that day. */
export function AsOfView({ householdId, villageName }: { householdId: number; villageName: string }) {
  const { lang } = useI18n();
  const { rt } = useRT();
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ asOf: string; snapshot: unknown } | 'none' | null>(null);

  const load = async (d: string) => {
    setDate(d);
    setResult(null);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return;
    setBusy(true);
    try {
      setResult(await registryApi.asOf(householdId, d));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOT_FOUND') setResult('none');
    } finally {
      setBusy(false);
    }
  };

  const snap = result && result !== 'none' ? fromSnapshot(result.snapshot) : null;
  return (
    <div data-testid="hh-asof">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{rt('detail.asOfPick')}</Typography.Text>
        <DateInput value={date} max={todayInChina()} onChange={(d) => d && void load(d)} allowClear={false} style={{ width: 180 }} testId="hh-asof-date" />
      </Space>
      {busy && <Spin />}
      {result === 'none' && <Alert type="info" showIcon title={rt('detail.asOfNone')} data-testid="hh-asof-none" />}
      {snap && result && result !== 'none' && (
        <>
          <Alert type="success" showIcon style={{ marginBottom: 12 }} title={rt('detail.asOfAt', { date, ts: formatTime(result.asOf, lang) })} />
          <HouseholdFacts h={{ ...snap.household, villageName }} testId="hh-asof-facts" />
          <div style={{ height: 12 }} />
          <MembersTable members={snap.members} testId="hh-asof-members" />
        </>
      )}
    </div>
  );
}
