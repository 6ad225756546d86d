import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { areasApi, type Area } from '../../areas/api';

interface Group {
  label: string;
  options: { value: string; label: string }[];
}

const TOWNSHIP = 4;

/**
 * The townships (乡镇) of the user's area, for the list's township filter: a county's own townships, a city's grouped
 * by county. Nothing to choose for a township or a village (the user is in one already), nor for a province (too
 * many; the village filter's tree serves there): the select is then not shown.
 */
export function TownshipSelect({ value, onChange, placeholder, testId }: { value?: string; onChange?: (v: string | undefined) => void; placeholder?: string; testId?: string }) {
  const [groups, setGroups] = useState<Group[] | null>(null);

  useEffect(() => {
    let live = true;
    const opts = (areas: Area[]) => areas.filter((a) => a.level === TOWNSHIP).map((a) => ({ value: a.code.slice(0, 9), label: a.name }));
    (async () => {
      const roots = await areasApi.children(undefined, { silent: true });
      const root = roots[0];
      if (!root || roots.length !== 1 || root.level > 3 || root.level < 2) return [];
      const kids = await areasApi.children(root.code, { silent: true });
      if (root.level === 3) return [{ label: root.name, options: opts(kids) }];
      return Promise.all(kids.map(async (county) => ({ label: county.name, options: opts(await areasApi.children(county.code, { silent: true })) })));
    })().then(
      (g) => live && setGroups(g.filter((x) => x.options.length)),
      () => live && setGroups([]),
    );
    return () => {
      live = false;
    };
  }, []);

  if (!groups?.length) return null;
  const options: (Group | Group['options'][number])[] = groups.length === 1 ? groups[0]!.options : groups;
  return (
    <Select
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      placeholder={placeholder}
      allowClear
      showSearch
      optionFilterProp="label"
      options={options}
      style={{ minWidth: 150 }}
      data-testid={testId}
    />
  );
}
