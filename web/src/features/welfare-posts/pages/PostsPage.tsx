import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Button, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined, BarChartOutlined } from '@ant-design/icons';
import { useAuth } from '../../../auth';
import { AreaSelect } from '../../../components/AreaSelect';
import { DateInput } from '../../../components/DateInput';
import { FilterActions } from '../../../components/FilterActions';
import { oneOf, useListQuery } from '../../../hooks/useListQuery';
import { POST_TYPES, welfarePostsApi, type NewPost, type Post } from '../api';
import { useT } from '../messages';

const FILTERS = ['areaCode', 'postType'] as const;

/** 公益岗位: the posts of the caller's area by village; county and township staff set new ones. */
export default function PostsPage() {
  const t = useT();
  const { can } = useAuth();
  const [form] = Form.useForm();
  const [creating, setCreating] = useState(false);
  const list = useListQuery({
    filters: FILTERS,
    load: ({ filters: f, page, pageSize }, signal) => welfarePostsApi.list({ areaCode: f.areaCode, postType: oneOf(POST_TYPES, f.postType), page, pageSize }, signal),
  });
  const columns = [
    { title: t('posts.village'), key: 'village', render: (_: unknown, p: Post) => `${p.townshipName ?? ''} ${p.villageName ?? p.villageCode}` },
    { title: t('posts.name'), dataIndex: 'name', render: (name: string, p: Post) => <Link to={`/welfare-posts/${p.id}`} data-testid={`post-link-${p.id}`}>{name}</Link> },
    { title: t('posts.type'), dataIndex: 'postType', render: (v: string) => t(`type.${v}` as 'type.other') },
    { title: t('posts.subsidy'), dataIndex: 'monthlySubsidy', align: 'right' as const },
    { title: t('posts.onPost'), key: 'places', render: (_: unknown, p: Post) => <Tag color={p.freePlaces ? 'green' : 'orange'}>{`${p.onPost} / ${p.places}`}</Tag> },
    { title: t('posts.period'), key: 'period', render: (_: unknown, p: Post) => `${p.startsOn} ~ ${p.endsOn ?? ''}` },
  ];
  return (
    <div data-testid="posts-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: 1 }}>
          {t('posts.title')}
        </Typography.Title>
        {/* The report is a page of this feature, reached from here (one menu entry per feature). */}
        <Link to="/welfare-posts/report">
          <Button icon={<BarChartOutlined />} data-testid="posts-report">
            {t('menu.postsReport')}
          </Button>
        </Link>
        {can('welfarePosts.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="post-create">
            {t('posts.create')}
          </Button>
        )}
      </div>
      <Form layout="inline" form={form} initialValues={list.query.filters} onFinish={(v) => list.setFilters(v)} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="areaCode" label={t('posts.area')}>
          <AreaSelect style={{ width: 220 }} testId="posts-filter-area" />
        </Form.Item>
        <Form.Item name="postType" label={t('posts.type')}>
          <Select allowClear style={{ width: 160 }} options={POST_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))} />
        </Form.Item>
        <FilterActions onReset={list.reset} testIdPrefix="posts-filter" />
      </Form>
      <Table
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        pagination={{ current: list.query.page, pageSize: list.query.pageSize, total: list.data?.total ?? 0, onChange: (p, s) => list.setPage(p, s), size: 'small' }}
        data-testid="posts-table"
      />
      <CreatePostModal open={creating} onClose={() => setCreating(false)} onCreated={() => { setCreating(false); list.reload(); }} />
    </div>
  );
}

function CreatePostModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<NewPost>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await welfarePostsApi.create({ ...v, endsOn: v.endsOn || null });
      void message.success(t('posts.created'));
      form.resetFields();
      onCreated();
    } catch {
      // shown by the API client
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('posts.create')} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'post-save' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={{ postType: 'cleaner', places: 1 }}>
        <Form.Item name="villageCode" label={t('posts.village')} rules={[{ required: true }, { pattern: /^\d{12}$/ }]}>
          <AreaSelect testId="post-village" />
        </Form.Item>
        <Form.Item name="postType" label={t('posts.type')} rules={[{ required: true }]}>
          <Select options={POST_TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))} data-testid="post-type" />
        </Form.Item>
        <Form.Item name="name" label={t('posts.name')} rules={[{ required: true, max: 40 }]}>
          <Input data-testid="post-name" />
        </Form.Item>
        <Form.Item name="monthlySubsidy" label={t('posts.subsidy')} rules={[{ required: true }]}>
          <InputNumber min={0.01} max={100000} precision={2} style={{ width: '100%' }} data-testid="post-subsidy" />
        </Form.Item>
        <Form.Item name="places" label={t('posts.places')} rules={[{ required: true }]}>
          <InputNumber min={1} max={999} precision={0} style={{ width: '100%' }} data-testid="post-places" />
        </Form.Item>
        <Form.Item name="startsOn" label={t('posts.startsOn')} rules={[{ required: true }]}>
          <DateInput testId="post-starts" />
        </Form.Item>
        <Form.Item name="endsOn" label={t('posts.endsOn')}>
          <DateInput testId="post-ends" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
