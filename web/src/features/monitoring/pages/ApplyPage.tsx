import { useEffect, useState } from 'react';
import { Alert, Button, Card, Cascader, Checkbox, Form, Input, Result, Typography } from 'antd';
import { ID_PROBLEM_TEXT, parseIdNumber } from '../../../../../src/core/idcard';
import { ApiError } from '../../../api/client';
import { LangSwitch } from '../../../components/LangSwitch';
import { monitoringApi, type ApplyBody, type LookupResult, type PublicArea } from '../api';
import { useMT } from '../messages';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}
const optionOf = (a: PublicArea): Option => ({ value: a.code, label: a.name, isLeaf: a.level >= 5 || !a.hasChildren });

/**
 * 农户自主申报 (no account, a phone in the hand): name, ID number, phone, village (picked down the public tree), what
 * happened, consent; the case number on success; and the look-up by case number + ID number.
 */
export default function ApplyPage() {
  const { mt, lang } = useMT();
  const [done, setDone] = useState<string | null>(null);
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }} data-testid="apply-page">
      <div className="fp-header" style={{ position: 'static' }}>
        <span className="fp-title">{mt('app.title')}</span>
        <span className="fp-spacer" />
        <LangSwitch />
      </div>
      <div style={{ maxWidth: 560, margin: '0 auto', padding: 12, boxSizing: 'border-box' }}>
        <Card size="small" style={{ marginBottom: 12 }}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {mt('apply.title')}
          </Typography.Title>
          {done ? (
            <Result
              status="success"
              title={mt('apply.done')}
              subTitle={
                <>
                  <div style={{ fontSize: 18, color: '#000' }} data-testid="apply-case-no">
                    {mt('apply.caseNo', { caseNo: done })}
                  </div>
                  <div>{mt('apply.keep')}</div>
                </>
              }
              extra={<Button onClick={() => setDone(null)}>{mt('apply.again')}</Button>}
            />
          ) : (
            <ApplyForm onDone={setDone} key={lang} />
          )}
        </Card>
        <Card size="small" title={mt('apply.lookup')}>
          <Lookup initialCaseNo={done ?? undefined} />
        </Card>
      </div>
    </div>
  );
}

function useIdRule() {
  const { lang } = useMT();
  return {
    validator: (_: unknown, v: string) => {
      if (!v) return Promise.resolve();
      const r = parseIdNumber(v);
      return r.ok ? Promise.resolve() : Promise.reject(new Error(ID_PROBLEM_TEXT[r.problem][lang]));
    },
  };
}

function ApplyForm({ onDone }: { onDone: (caseNo: string) => void }) {
  const { mt } = useMT();
  const [form] = Form.useForm<{ name: string; idNumber: string; phone: string; village: string[]; description: string; consent: boolean }>();
  const [options, setOptions] = useState<Option[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const idRule = useIdRule();
  useEffect(() => {
    monitoringApi.publicAreas().then((roots) => setOptions(roots.map(optionOf)), () => {});
  }, []);
  const loadData = async (path: Option[]) => {
    const target = path[path.length - 1]!;
    const kids = await monitoringApi.publicAreas(target.value);
    target.children = kids.map(optionOf);
    setOptions((o) => [...o]);
  };
  const submit = async () => {
    const v = await form.validateFields();
    const body: ApplyBody = {
      name: v.name.trim(),
      idNumber: v.idNumber.trim(),
      phone: v.phone.trim(),
      villageCode: v.village[v.village.length - 1]!,
      description: v.description.trim(),
      consent: v.consent,
    };
    setBusy(true);
    setError(null);
    try {
      onDone((await monitoringApi.apply(body)).caseNo);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" data-testid="apply-form" onFinish={() => void submit()}>
      <Typography.Paragraph type="secondary">{mt('apply.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="apply-error" />}
      <Form.Item name="name" label={mt('apply.name')} rules={[{ required: true, whitespace: true, message: mt('form.required') }]}>
        <Input maxLength={50} autoComplete="name" data-testid="apply-name" />
      </Form.Item>
      <Form.Item name="idNumber" label={mt('apply.idNumber')} validateTrigger="onBlur" rules={[{ required: true, message: mt('form.required') }, idRule]}>
        <Input maxLength={18} data-testid="apply-id" />
      </Form.Item>
      <Form.Item name="phone" label={mt('apply.phone')} rules={[{ required: true, pattern: /^[0-9+\- ]{5,20}$/, message: mt('form.required') }]}>
        <Input type="tel" inputMode="tel" maxLength={20} autoComplete="tel" data-testid="apply-phone" />
      </Form.Item>
      <Form.Item
        name="village"
        label={mt('apply.village')}
        rules={[{ validator: (_, v: string[] | undefined) => (v && v.length && /^\d{12}$/.test(v[v.length - 1]!) && v.length >= 5 ? Promise.resolve() : Promise.reject(new Error(mt('apply.villagePick')))) }]}
      >
        <Cascader options={options} loadData={(p) => void loadData(p as Option[])} placeholder={mt('apply.villagePick')} changeOnSelect={false} data-testid="apply-village" />
      </Form.Item>
      <Form.Item name="description" label={mt('apply.description')} rules={[{ required: true, whitespace: true, message: mt('form.required') }]}>
        <Input.TextArea rows={4} maxLength={2000} data-testid="apply-description" />
      </Form.Item>
      <Form.Item
        name="consent"
        valuePropName="checked"
        rules={[{ validator: (_, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(mt('apply.consentRequired')))) }]}
      >
        <Checkbox data-testid="apply-consent">{mt('apply.consent')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="apply-submit">
        {mt('apply.submit')}
      </Button>
    </Form>
  );
}

function Lookup({ initialCaseNo }: { initialCaseNo?: string }) {
  const { mt, lang, time } = useMT();
  const [form] = Form.useForm<{ caseNo: string; idNumber: string }>();
  const [result, setResult] = useState<LookupResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idRule = useIdRule();
  useEffect(() => {
    if (initialCaseNo) form.setFieldValue('caseNo', initialCaseNo);
  }, [initialCaseNo, form]);
  const submit = async (v: { caseNo: string; idNumber: string }) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await monitoringApi.lookup(v.caseNo.trim(), v.idNumber.trim()));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="lookup-form">
      <Form.Item name="caseNo" label={mt('apply.lookupCaseNo')} rules={[{ required: true, whitespace: true, message: mt('form.required') }]}>
        <Input maxLength={40} data-testid="lookup-case-no" />
      </Form.Item>
      <Form.Item name="idNumber" label={mt('apply.idNumber')} validateTrigger="onBlur" rules={[{ required: true, message: mt('form.required') }, idRule]}>
        <Input maxLength={18} data-testid="lookup-id" />
      </Form.Item>
      <Button htmlType="submit" block loading={busy} data-testid="lookup-submit">
        {mt('apply.lookupSubmit')}
      </Button>
      {error && <Alert type="warning" showIcon title={error} style={{ marginTop: 12 }} data-testid="lookup-error" />}
      {result && (
        <Alert
          type="success"
          style={{ marginTop: 12 }}
          data-testid="lookup-result"
          title={mt('apply.state', { state: result.stateLabel[lang] })}
          description={
            <>
              <div>{mt('apply.openedAt', { at: time(result.openedAt) })}</div>
              {result.closedAt && <div>{mt('apply.closedAt', { at: time(result.closedAt) })}</div>}
            </>
          }
        />
      )}
    </Form>
  );
}
