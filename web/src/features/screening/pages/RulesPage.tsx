import { useEffect, useRef, useState } from 'react';
import { Button, Card, Checkbox, InputNumber, Space, Switch, Table, Tag, Typography, message } from 'antd';
import { useAuth } from '../../../auth';
import { useI18n } from '../../../i18n';
import { useT } from '../messages';
import { screeningApi, type Preview, type Rule, type RuleBody } from '../api';

/** 预警规则: each rule's switch, groups, due days and thresholds, with a live what-if before it is saved. */
export default function RulesPage() {
  const t = useT();
  const [rules, setRules] = useState<Rule[]>([]);
  useEffect(() => {
    void screeningApi.rules().then(setRules);
  }, []);
  return (
    <div data-testid="rules-page">
      <Typography.Title level={3} className="fp-page-title">
        {t('rules.title')}
      </Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        {rules.map((r) => (
          <RuleCard key={r.rule} rule={r} onSaved={(x) => setRules(rules.map((y) => (y.rule === x.rule ? x : y)))} />
        ))}
      </Space>
    </div>
  );
}

const GROUPS = ['exited', 'monitored', 'ordinary'] as const;

function RuleCard({ rule, onSaved }: { rule: Rule; onSaved: (r: Rule) => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { can } = useAuth();
  const [body, setBody] = useState<RuleBody>({ enabled: rule.enabled, groups: rule.groups as RuleBody['groups'], dueDays: rule.dueDays, params: rule.params });
  const [preview, setPreview] = useState<Preview | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const changed = JSON.stringify(body) !== JSON.stringify({ enabled: rule.enabled, groups: rule.groups, dueDays: rule.dueDays, params: rule.params });
  useEffect(() => {
    if (!changed) {
      setPreview(null);
      return;
    }
    // Moving a value: the what-if follows a moment later.
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void screeningApi.preview(rule.rule, body).then(setPreview).catch(() => setPreview(null)), 300);
    return () => clearTimeout(timer.current);
  }, [body, changed, rule.rule]);
  const save = async () => {
    const saved = await screeningApi.saveRule(rule.rule, body);
    void message.success(t('rules.saved'));
    onSaved(saved);
  };
  return (
    <Card size="small" data-testid={`rule-${rule.rule}`} title={<Space wrap><span>{lang === 'en' ? rule.en : rule.zh}</span><Tag>{rule.version ? t('rules.version', { version: rule.version }) : t('rules.defaults')}</Tag></Space>}>
      <Space wrap align="center">
        <span>{t('rules.enabled')}</span>
        <Switch checked={body.enabled} onChange={(enabled) => setBody({ ...body, enabled })} />
        <span>{t('rules.groups')}</span>
        <Checkbox.Group value={body.groups} onChange={(g) => setBody({ ...body, groups: g as RuleBody['groups'] })} options={GROUPS.map((g) => ({ value: g, label: t(`rules.group.${g}`) }))} />
        <span>{t('rules.dueDays')}</span>
        <InputNumber min={1} max={60} value={body.dueDays} onChange={(v) => v && setBody({ ...body, dueDays: v })} />
      </Space>
      {rule.paramSpecs.map((p) => (
        <Space key={p.key} wrap style={{ display: 'flex', marginTop: 6 }}>
          <span>{lang === 'en' ? p.en : p.zh}</span>
          <InputNumber min={p.min} max={p.max} value={body.params[p.key]} onChange={(v) => v !== null && setBody({ ...body, params: { ...body.params, [p.key]: v } })} data-testid={`param-${p.key}`} />
        </Space>
      ))}
      {preview && (
        <div style={{ marginTop: 8 }} data-testid="rule-preview">
          <Typography.Text strong>{t('rules.whatIf', { current: preview.current, changed: preview.changed })}</Typography.Text>
          <Table size="small" rowKey="code" pagination={false} dataSource={preview.byTownship} columns={[
            { title: t('runs.township'), dataIndex: 'name' },
            { title: '—', dataIndex: 'current' },
            { title: '→', dataIndex: 'changed' },
          ]} />
        </div>
      )}
      {can('screening.rules') && changed && (
        <Button type="primary" style={{ marginTop: 8 }} onClick={() => void save().catch(() => {})}>
          {t('rules.save')}
        </Button>
      )}
    </Card>
  );
}
