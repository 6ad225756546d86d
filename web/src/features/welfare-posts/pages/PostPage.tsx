import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useAuth } from '../../../auth';
import { DateInput } from '../../../components/DateInput';
import { PageSpinner } from '../../../components/PageSpinner';
import { welfarePostsApi, type Candidate, type Hire, type PaySheet, type PostDetail } from '../api';
import { useT } from '../messages';

/** A post: its facts, the people hired (hire, exit) and the pay sheet of a month. */
export default function PostPage() {
  const t = useT();
  const id = Number(useParams().id);
  const { can } = useAuth();
  const manage = can('welfarePosts.manage');
  const [post, setPost] = useState<PostDetail | null>(null);
  const [hiring, setHiring] = useState(false);
  const [exiting, setExiting] = useState<Hire | null>(null);
  const [payKey, setPayKey] = useState(0);
  const load = useCallback(() => {
    welfarePostsApi.get(id).then(setPost, () => undefined);
  }, [id]);
  useEffect(load, [load]);
  if (!post) return <PageSpinner />;
  const changed = () => {
    load();
    setPayKey((k) => k + 1);
  };
  return (
    <div data-testid="post-page">
      <Space style={{ marginBottom: 8 }} wrap>
        <Link to="/welfare-posts">{t('posts.back')}</Link>
      </Space>
      <Typography.Title level={3} className="fp-page-title">
        {post.name}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('posts.village')}>{`${post.townshipName ?? ''} ${post.villageName ?? ''}`}</Descriptions.Item>
        <Descriptions.Item label={t('posts.type')}>{t(`type.${post.postType}`)}</Descriptions.Item>
        <Descriptions.Item label={t('posts.subsidy')}>{post.monthlySubsidy}</Descriptions.Item>
        <Descriptions.Item label={t('posts.onPost')}>
          <span data-testid="post-on-post">{`${post.onPost} / ${post.places}`}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('posts.period')}>{`${post.startsOn} ~ ${post.endsOn ?? ''}`}</Descriptions.Item>
      </Descriptions>
      <Card
        size="small"
        title={t('posts.people')}
        extra={manage && <Button type="primary" disabled={post.freePlaces === 0} onClick={() => setHiring(true)} data-testid="hire-open">{t('posts.hire')}</Button>}
        style={{ marginBottom: 16 }}
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={post.hires}
          data-testid="hires-table"
          columns={[
            { title: t('posts.member'), dataIndex: 'name' },
            { title: t('posts.idNumber'), dataIndex: 'idMasked' },
            { title: t('posts.household'), dataIndex: 'householdNo' },
            { title: t('posts.hiredOn'), dataIndex: 'hiredOn' },
            {
              title: t('posts.exitedOn'),
              key: 'state',
              render: (_: unknown, h: Hire) => (h.exitedOn ? <Tag>{`${t('posts.exitedTag')} ${h.exitedOn} ${h.exitReason ?? ''}`}</Tag> : <Tag color="green">{t('posts.onPostTag')}</Tag>),
            },
            ...(manage
              ? [{ title: '', key: 'act', render: (_: unknown, h: Hire) => !h.exitedOn && <Button size="small" onClick={() => setExiting(h)} data-testid={`exit-${h.id}`}>{t('posts.exit')}</Button> }]
              : []),
          ]}
        />
      </Card>
      <PaySheetCard postId={id} manage={manage} reloadKey={payKey} />
      <HireModal postId={id} open={hiring} onClose={() => setHiring(false)} onDone={() => { setHiring(false); changed(); }} />
      <ExitModal hire={exiting} onClose={() => setExiting(null)} onDone={() => { setExiting(null); changed(); }} />
    </div>
  );
}

function HireModal({ postId, open, onClose, onDone }: { postId: number; open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ memberId: number; hiredOn: string }>();
  const [options, setOptions] = useState<Candidate[]>([]);
  const [saving, setSaving] = useState(false);
  const search = useCallback((q: string) => {
    welfarePostsApi.candidates(postId, q).then(setOptions, () => undefined);
  }, [postId]);
  useEffect(() => {
    if (open) search('');
  }, [open, search]);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await welfarePostsApi.hire(postId, v.memberId, v.hiredOn);
      void message.success(t('posts.hired'));
      form.resetFields();
      onDone();
    } catch {
      // shown by the API client
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('posts.hire')} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'hire-save' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ hiredOn: dayjs().format('YYYY-MM-DD') }}>
        <Form.Item name="memberId" label={t('posts.member')} rules={[{ required: true }]}>
          <Select
            showSearch
            filterOption={false}
            onSearch={search}
            placeholder={t('posts.memberSearch')}
            data-testid="hire-member"
            options={options.map((c) => ({
              value: c.memberId,
              disabled: !!c.refusal,
              label: `${c.name} ${c.idMasked} ${c.householdNo}${c.refusal ? ` — ${t('posts.refusal', { reason: t(`refusal.${c.refusal}` as 'refusal.WP_ALREADY_ON_POST') })}` : ''}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="hiredOn" label={t('posts.hiredOn')} rules={[{ required: true }]}>
          <DateInput testId="hire-date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ExitModal({ hire, onClose, onDone }: { hire: Hire | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ exitedOn: string; reason: string }>();
  const save = async () => {
    if (!hire) return;
    const v = await form.validateFields();
    try {
      await welfarePostsApi.exit(hire.id, v.exitedOn, v.reason);
      void message.success(t('posts.exited'));
      form.resetFields();
      onDone();
    } catch {
      // shown by the API client
    }
  };
  return (
    <Modal open={!!hire} title={`${t('posts.exit')} ${hire?.name ?? ''}`} onCancel={onClose} onOk={() => void save()} destroyOnHidden okButtonProps={{ 'data-testid': 'exit-save' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ exitedOn: dayjs().format('YYYY-MM-DD') }}>
        <Form.Item name="exitedOn" label={t('posts.exitedOn')} rules={[{ required: true }]}>
          <DateInput min={hire?.hiredOn} testId="exit-date" />
        </Form.Item>
        <Form.Item name="reason" label={t('posts.exitReason')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input data-testid="exit-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface Line {
  amount: number | null;
  reason: string;
}

function PaySheetCard({ postId, manage, reloadKey }: { postId: number; manage: boolean; reloadKey: number }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [sheet, setSheet] = useState<PaySheet | null>(null);
  const [lines, setLines] = useState<Record<number, Line>>({});
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    welfarePostsApi.paySheet(postId, month).then((s) => {
      setSheet(s);
      setLines(Object.fromEntries(s.items.map((i) => [i.hireId, { amount: i.amount ?? s.monthlySubsidy, reason: i.reason ?? '' }])));
    }, () => undefined);
  }, [postId, month, reloadKey]);
  const save = async () => {
    if (!sheet) return;
    const items = sheet.items
      .map((i) => ({ hireId: i.hireId, amount: lines[i.hireId]?.amount, reason: lines[i.hireId]?.reason?.trim() || undefined }))
      .filter((i): i is { hireId: number; amount: number; reason: string | undefined } => i.amount != null);
    if (!items.length) return;
    setSaving(true);
    try {
      const r = await welfarePostsApi.pay(postId, { month, items });
      setSheet(r.sheet);
      void message.success(t('posts.paySaved', { n: r.created }));
    } catch {
      // shown by the API client
    } finally {
      setSaving(false);
    }
  };
  const set = (hireId: number, patch: Partial<Line>) => setLines((l) => ({ ...l, [hireId]: { ...(l[hireId] ?? { amount: null, reason: '' }), ...patch } }));
  return (
    <Card
      size="small"
      title={t('posts.paySheet')}
      extra={
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          data-testid="pay-month"
        />
      }
    >
      <Table
        rowKey="hireId"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('posts.nobody') }}
        dataSource={sheet?.items ?? []}
        data-testid="pay-table"
        columns={[
          { title: t('posts.member'), dataIndex: 'name' },
          { title: t('posts.household'), dataIndex: 'householdNo' },
          {
            title: t('posts.amount'),
            key: 'amount',
            render: (_: unknown, i: PaySheet['items'][number]) =>
              i.paid || !manage ? (
                <span data-testid={`pay-amount-${i.hireId}`}>{i.amount ?? '—'}</span>
              ) : (
                <InputNumber min={0} max={100000} precision={2} value={lines[i.hireId]?.amount ?? null} onChange={(v) => set(i.hireId, { amount: v })} data-testid={`pay-input-${i.hireId}`} />
              ),
          },
          {
            title: t('posts.overReason'),
            key: 'reason',
            render: (_: unknown, i: PaySheet['items'][number]) =>
              i.paid || !manage ? i.reason : <Input value={lines[i.hireId]?.reason ?? ''} maxLength={200} onChange={(e) => set(i.hireId, { reason: e.target.value })} style={{ minWidth: 140 }} />,
          },
          { title: '', key: 'paid', render: (_: unknown, i: PaySheet['items'][number]) => (i.paid ? <Tag color="green">{t('posts.paid')}</Tag> : <Tag>{t('posts.unpaid')}</Tag>) },
        ]}
      />
      {manage && sheet && sheet.items.some((i) => !i.paid) && (
        <Button type="primary" style={{ marginTop: 12 }} loading={saving} onClick={() => void save()} data-testid="pay-save">
          {t('posts.savePay')}
        </Button>
      )}
    </Card>
  );
}
