import { useEffect, useState } from 'react';
import { Empty, Spin, Timeline as AntTimeline, Typography } from 'antd';
import { registryApi } from '../api';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import { useRT, type RKey } from '../messages';
import type { HistoryEntry } from '../types';
import type { CodeTable } from '../../../../../src/shared/codes';

const FIELD_LABEL: Record<string, RKey> = {
  householdNo: 'col.householdNo', villageCode: 'col.village', address: 'hh.address', phone: 'hh.phone', category: 'col.category',
  monitoringType: 'hh.monitoringType', exitYear: 'hh.exitYear', isDibao: 'flag.isDibao', isTekun: 'flag.isTekun', isRelocated: 'flag.isRelocated',
  hasLeftBehind: 'flag.hasLeftBehind', housingRating: 'hh.housingRating', housingRatedOn: 'hh.housingRatedOn', waterQuantityOk: 'hh.waterQuantityOk',
  waterQualityOk: 'hh.waterQualityOk', waterAccessOk: 'hh.waterAccessOk', waterSupplyOk: 'hh.waterSupplyOk', incomeYear: 'hh.incomeYear',
  incomeWages: 'hh.incomeWages', incomeBusiness: 'hh.incomeBusiness', incomeProperty: 'hh.incomeProperty', incomeTransfer: 'hh.incomeTransfer',
  expenseBusiness: 'hh.expenseBusiness', name: 'm.name', relation: 'm.relation', idMasked: 'm.idNumber', ethnicity: 'm.ethnicity', education: 'm.education',
  schoolStatus: 'm.schoolStatus', health: 'm.health', disabilityCategory: 'm.disabilityCategory', disabilityGrade: 'm.disabilityGrade',
  labourCapacity: 'm.labourCapacity', workPlace: 'm.workPlace', workMonths: 'm.workMonths', medicalInsured: 'm.medicalInsured',
  pensionInsured: 'm.pensionInsured', welfarePost: 'm.welfarePost', gender: 'm.gender', birthDate: 'm.birthDate',
  phoneMasked: 'hh.phone', perCapitaIncome: 'hist.perCapitaIncome', status: 'm.status', statusDate: 'hist.statusDate', statusReason: 'hist.statusReason',
  added: 'hist.added', removed: 'hist.removed',
};

/** Fields whose values are codes of a table, shown as the table's words. */
const FIELD_CODES: Record<string, CodeTable> = {
  category: 'category', monitoringType: 'monitoringType', relation: 'relation', education: 'education', schoolStatus: 'schoolStatus',
  health: 'health', disabilityCategory: 'disabilityCategory', labourCapacity: 'labour', workPlace: 'workPlace', status: 'memberStatus',
};
const MONEY = new Set(['incomeWages', 'incomeBusiness', 'incomeProperty', 'incomeTransfer', 'expenseBusiness', 'perCapitaIncome']);

type Change = HistoryEntry['changes'][number];

/** 时间线: who changed what and when, newest first. `reloadKey` refetches after a change on the page. */
export function HouseholdTimeline({ householdId, reloadKey }: { householdId: number; reloadKey: number }) {
  const { lang, roleLabel } = useI18n();
  const { rt, code, money } = useRT();
  const [rows, setRows] = useState<HistoryEntry[] | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    registryApi
      .history(householdId, ctl.signal)
      .then(setRows)
      .catch(() => {});
    return () => ctl.abort();
  }, [householdId, reloadKey]);

  if (!rows) return <Spin />;
  if (!rows.length) return <Empty description={rt('hist.empty')} />;

  const describe = (e: HistoryEntry): string => {
    const s = (e.summary ?? {}) as { changed?: string[]; name?: string; status?: string; date?: string; reason?: string; members?: unknown; importJob?: number; change?: string; caseNo?: string };
    const parts: string[] = [];
    if (s.name) parts.push(s.name);
    if (e.action === 'member_remove' && s.status) parts.push(`${code('memberStatus', s.status)} ${s.date ?? ''} ${s.reason ?? ''}`.trim());
    if (s.changed?.length) parts.push(rt('hist.changed', { list: s.changed.map((k) => (FIELD_LABEL[k] ? rt(FIELD_LABEL[k]) : k)).join('、') }));
    if (s.caseNo) parts.push(rt('hist.case', { caseNo: s.caseNo }));
    if (e.action === 'import' && s.importJob) parts.push(`#${s.importJob}${s.change === 'create' ? ` ${rt('hist.create')}` : ''}`);
    return parts.join(' · ');
  };
  // One value in words: codes by their table, yes/no, amounts, M/F; empty as 未填. ID numbers and phones arrive masked.
  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return rt('hh.unknown');
    if (typeof v === 'boolean') return rt(v ? 'm.yes' : 'm.no');
    if (FIELD_CODES[field]) return code(FIELD_CODES[field], String(v)) || String(v);
    if (MONEY.has(field) && typeof v === 'number') return money(v);
    if (field === 'gender') return v === 'M' ? rt('m.male') : v === 'F' ? rt('m.female') : String(v);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const fieldLabel = (f: string) => (FIELD_LABEL[f] ? rt(FIELD_LABEL[f]) : f);
  const changeLine = (c: Change) => {
    const who = c.target === 'member' && c.memberName ? `${c.memberName} · ` : '';
    if (c.field === 'added') return `${rt('hist.added')}：${value('', c.new)}`;
    if (c.field === 'removed') return `${rt('hist.removed')}：${value('', c.old)}`;
    return rt('hist.change', { field: `${who}${fieldLabel(c.field)}`, old: value(c.field, c.old), new: value(c.field, c.new) });
  };
  const actor = (e: HistoryEntry) => {
    const name = e.displayName ?? e.username;
    if (!name) return rt('hist.system');
    if (!e.role) return name;
    return lang === 'en' ? `${name} (${roleLabel(e.role)})` : `${name}（${roleLabel(e.role)}）`;
  };
  const label = (a: string) => (['create', 'update', 'member_add', 'member_update', 'member_remove', 'import', 'monitoring_start', 'monitoring_end'].includes(a) ? rt(`hist.${a}` as RKey) : a);

  return (
    <AntTimeline
      data-testid="hh-timeline"
      items={rows.map((e) => ({
        key: e.id,
        color: e.action === 'member_remove' || e.action === 'monitoring_start' ? 'red' : e.action === 'create' || e.action === 'monitoring_end' ? 'green' : 'blue',
        content: (
          <div data-testid="hh-timeline-item">
            <Typography.Text strong>{label(e.action)}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {formatTime(e.ts, lang)} · <span data-testid="hh-timeline-actor">{actor(e)}</span>
            </Typography.Text>
            {/* A monitoring decision names its case beside what it changed in the registry. */}
            {(!e.changes.length || e.action.startsWith('monitoring_')) && describe(e) && <div>{describe(e)}</div>}
            {e.changes.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
                {e.changes.map((c, i) => (
                  <li key={i} data-testid="hh-timeline-change">
                    {changeLine(c)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ),
      }))}
    />
  );
}
