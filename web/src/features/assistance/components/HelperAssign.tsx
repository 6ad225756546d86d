import { useState } from 'react';
import { App, Button, Select, Space } from 'antd';
import { assistanceApi, type Helper } from '../api';
import { useAT } from '../messages';

/** Pairs a helper with the household (search the helper accounts of the area). */
export function HelperAssign({ householdId, onDone }: { householdId: number; onDone: () => void }) {
  const { at } = useAT();
  const { message } = App.useApp();
  const [options, setOptions] = useState<Helper[]>([]);
  const [helperId, setHelperId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const search = (q: string) => assistanceApi.helpers(q || undefined).then(setOptions, () => {});
  return (
    <Space wrap>
      <Select
        showSearch
        style={{ minWidth: 220 }}
        filterOption={false}
        onSearch={(q) => void search(q)}
        onFocus={() => void search('')}
        value={helperId ?? undefined}
        onChange={setHelperId}
        options={options.map((h) => ({ value: h.id, label: `${h.name}（${h.username}）` }))}
        data-testid="helper-select"
      />
      <Button
        type="primary"
        disabled={!helperId}
        loading={busy}
        data-testid="helper-assign"
        onClick={() => {
          setBusy(true);
          assistanceApi
            .assign(householdId, helperId!)
            .then(onDone, (err: Error) => message.error(err.message))
            .finally(() => setBusy(false));
        }}
      >
        {at('plan.assign')}
      </Button>
    </Space>
  );
}
