import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { App as AntApp, Button, Card, Result, Space, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined, UserAddOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { registryApi } from '../api';
import { useAuth } from '../../../auth';
import { PageSpinner } from '../../../components/PageSpinner';
import { useRT } from '../messages';
import { HouseholdFacts } from '../components/HouseholdFacts';
import { MembersTable } from '../components/MembersTable';
import { MemberModal } from '../components/MemberModal';
import { RemoveMemberModal } from '../components/RemoveMemberModal';
import { HouseholdEditModal } from '../components/HouseholdEditModal';
import { HouseholdTimeline } from '../components/Timeline';
import { AsOfView } from '../components/AsOfView';
import type { Household, Member } from '../types';
import { HouseholdMonitoring } from '../../monitoring/components/HouseholdMonitoring';

/** 农户详情: facts, members (edit, add, remove), the timeline and the household as of a past date. */
export default function HouseholdDetailPage() {
  const { id } = useParams();
  const { can } = useAuth();
  const { rt } = useRT();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [h, setH] = useState<Household | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [memberTarget, setMemberTarget] = useState<Member | 'new' | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [tick, setTick] = useState(0);
  const write = can('registry.write');

  const load = useCallback(() => {
    registryApi
      .get(id ?? '')
      .then((r) => {
        setH(r);
        setError(null);
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
  }, [id]);
  useEffect(load, [load]);

  const saved = (next: Household, text = rt('hh.saved')) => {
    setH(next);
    setTick((n) => n + 1);
    void message.success(text);
  };

  if (error) return <Result status="warning" title={error} extra={<Button onClick={() => navigate('/households')}>{rt('hh.back')}</Button>} />;
  if (!h) return <PageSpinner />;
  const active = h.members.filter((m) => m.status === 'active');

  return (
    <div data-testid="hh-detail-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={rt('hh.back')} />
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0, flex: 1 }} data-testid="hh-detail-title">
          {h.headName ?? '—'} · {h.householdNo}
        </Typography.Title>
        {write && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="hh-edit">
            {rt('hh.edit')}
          </Button>
        )}
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <HouseholdFacts h={h} />
      </Card>
      {/* The monitoring chain's panel: state, card colour, cases; 发起监测识别 / 发起风险消除. */}
      {can('monitoring.read') && <HouseholdMonitoring householdId={h.id} />}
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'members',
              label: `${rt('detail.tabMembers')}（${active.length}）`,
              children: (
                <>
                  {write && (
                    <Space style={{ marginBottom: 8 }}>
                      <Button icon={<UserAddOutlined />} onClick={() => setMemberTarget('new')} data-testid="member-add">
                        {rt('m.add')}
                      </Button>
                    </Space>
                  )}
                  <MembersTable householdId={h.id} members={h.members} onEdit={write ? setMemberTarget : undefined} onRemove={write ? setRemoving : undefined} />
                </>
              ),
            },
            { key: 'timeline', label: <span data-testid="tab-timeline">{rt('detail.tabTimeline')}</span>, children: <HouseholdTimeline householdId={h.id} reloadKey={tick} /> },
            { key: 'asof', label: <span data-testid="tab-asof">{rt('detail.asOf')}</span>, children: <AsOfView householdId={h.id} villageName={h.villageName} /> },
          ]}
        />
      </Card>
      {write && (
        <>
          <HouseholdEditModal
            household={h}
            open={editing}
            onClose={() => setEditing(false)}
            onSaved={(next) => {
              setEditing(false);
              saved(next);
            }}
            onConflict={() => {
              setEditing(false);
              load();
            }}
          />
          <MemberModal
            household={h}
            target={memberTarget}
            onClose={() => setMemberTarget(null)}
            onSaved={(next) => {
              setMemberTarget(null);
              saved(next);
            }}
          />
          <RemoveMemberModal
            household={h}
            member={removing}
            onClose={() => setRemoving(null)}
            onSaved={(next) => {
              setRemoving(null);
              saved(next, rt('m.removed'));
            }}
          />
        </>
      )}
    </div>
  );
}
