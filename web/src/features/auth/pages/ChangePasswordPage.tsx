import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Form, Input, Typography } from 'antd';
import { ApiError } from '../../../api/client';
import { authApi } from '../api';
import { useAuth } from '../../../auth';
import { useT } from '../messages';
import { LangSwitch } from '../../../components/LangSwitch';
import { NewPasswordFields } from '../components/NewPasswordFields';

interface PwdForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function ChangePasswordPage({ forced: forcedRoute = false }: { forced?: boolean }) {
  const { user, refresh, logout } = useAuth();
  // The stand-alone page (no menu) while the change is still owed; afterwards the same route shows the plain form.
  const forced = forcedRoute && !!user?.mustChangePassword;
  const t = useT();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<PwdForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const username = user?.username ?? '';

  const onFinish = async (values: PwdForm) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.changePassword(values.currentPassword, values.newPassword);
      void message.success(t('pwd.done'));
      await refresh();
      navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  const card = (
    <Card className="fp-login-card" style={{ maxWidth: 480 }} data-testid="change-password">
      <div style={{ display: 'flex', alignItems: 'center', marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0, flex: 1 }}>
          {t('pwd.title')}
        </Typography.Title>
        {forced && <LangSwitch />}
      </div>
      {forced && <Alert type="warning" showIcon title={t('pwd.forced')} style={{ marginBottom: 12 }} data-testid="pwd-forced" />}
      <Typography.Paragraph type="secondary" data-testid="pwd-policy">
        {t('pwd.policy')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="pwd-error" />}
      <Form<PwdForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <Form.Item name="currentPassword" label={t('pwd.current')} rules={[{ required: true, message: t('pwd.required') }]}>
          <Input.Password autoComplete="current-password" data-testid="pwd-current" />
        </Form.Item>
        <NewPasswordFields username={username} ids={{ password: 'pwd-new', confirm: 'pwd-confirm', check: 'pwd-check' }} />
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="pwd-submit">
          {t('pwd.submit')}
        </Button>
        {forced && (
          <Button
            type="link"
            block
            style={{ marginTop: 8 }}
            onClick={() => void logout().then(() => navigate('/login', { replace: true }))}
            data-testid="pwd-logout"
          >
            {t('user.logout')}
          </Button>
        )}
      </Form>
    </Card>
  );

  if (forcedRoute) return <div className="fp-login-wrap">{card}</div>;
  return <div style={{ display: 'flex', justifyContent: 'center' }}>{card}</div>;
}
