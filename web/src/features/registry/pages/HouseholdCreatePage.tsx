import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Form, Space, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { registryApi } from '../api';
import { useAuth } from '../../../auth';
import { useRT } from '../messages';
import { HouseholdFields } from '../components/HouseholdFields';
import { MemberFields, memberBody, type MemberFormValues } from '../components/MemberFields';
import { toBody, type HouseholdFormValues } from '../householdValues';
import { useSubmitErrors } from '../useSubmitErrors';

type CreateValues = HouseholdFormValues & { members: MemberFormValues[] };

/** 新增农户: the household's fields and its members (at least the head), checked as typed and again by the server. */
export default function HouseholdCreatePage() {
  const { user } = useAuth();
  const { rt } = useRT();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const { loose, setLoose, show } = useSubmitErrors(form);
  const members = Form.useWatch('members', form) as MemberFormValues[] | undefined;

  const submit = async (v: CreateValues) => {
    setBusy(true);
    setLoose([]);
    try {
      const h = await registryApi.create({ ...toBody(v, { creating: true }), members: v.members.map(memberBody) });
      void message.success(rt('hh.created'));
      navigate(`/households/${h.id}`, { replace: true });
    } catch (err) {
      show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="hh-create-page" style={{ maxWidth: 960 }}>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/households')}>
          {rt('hh.back')}
        </Button>
        <Typography.Title level={3} className="fp-page-title" style={{ margin: 0 }}>
          {rt('hh.createTitle')}
        </Typography.Title>
      </Space>
      <Form<CreateValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name, { block: 'center' })}
        initialValues={{
          category: 'ordinary',
          // Incomes are counted for a whole year: a new household's are usually last year's.
          incomeYear: new Date().getFullYear() - 1,
          villageCode: user?.areaLevel === 5 ? user.areaCode : undefined,
          members: [{ relation: 'head', welfarePost: 'n' }],
        }}
        scrollToFirstError={false}
        data-testid="hh-create-form"
      >
        <Card size="small" title={rt('hh.basic')} style={{ marginBottom: 12 }}>
          <HouseholdFields creating activeMembers={members?.length ?? 1} />
        </Card>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <Card size="small" title={`${rt('hh.members')}（${fields.length}）`} style={{ marginBottom: 12 }}>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  type="inner"
                  size="small"
                  style={{ marginBottom: 12 }}
                  title={`${i + 1}. ${members?.[i]?.name ?? ''}`}
                  extra={
                    fields.length > 1 && (
                      <Button type="link" danger size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)} data-testid={`member-${i}-remove`}>
                        {rt('hh.removeRow')}
                      </Button>
                    )
                  }
                  data-testid={`member-${i}`}
                >
                  <MemberFields name={[field.name]} path={['members', field.name]} testId={`member-${i}`} collapseMore />
                </Card>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ relation: undefined, welfarePost: 'n' })} data-testid="member-add">
                {rt('hh.addMember')}
              </Button>
            </Card>
          )}
        </Form.List>
        {loose.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={loose.join('；')} data-testid="hh-form-errors" />}
        <Button type="primary" htmlType="submit" size="large" loading={busy} block data-testid="hh-create-submit">
          {rt('hh.createTitle')}
        </Button>
      </Form>
    </div>
  );
}
