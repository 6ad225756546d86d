import { useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../../../api/client';
import { useAuth, type LoginState } from '../../../auth';
import { useT } from '../messages';
import { LangSwitch } from '../../../components/LangSwitch';

interface LoginForm {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { user, login, notice } = useAuth();
  const t = useT();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginState;
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  // Signed in (now or already): go where the user was heading, unless a password change is owed first.
  if (user) {
    const from = state.from && !state.from.startsWith('/login') ? state.from : '/';
    return <Navigate to={user.mustChangePassword ? '/change-password' : from} replace />;
  }

  const onFinish = async (values: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
    } catch (err) {
      setError(err instanceof ApiError ? { code: err.code, message: err.message } : { code: 'UNKNOWN', message: String(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fp-login-wrap">
      <Card className="fp-login-card" data-testid="login-card">
        <div style={{ display: 'flex', alignItems: 'center', marginBottom: 8 }}>
          <Typography.Title level={3} style={{ margin: 0, flex: 1 }} data-testid="login-title">
            {t('app.title')}
          </Typography.Title>
          <LangSwitch />
        </div>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        {notice && !error && (
          <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="login-notice" />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error.message}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
            data-code={error.code}
          />
        )}
        <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" size="large" data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        <div style={{ marginTop: 12, textAlign: 'center' }}>
          <Link to="/activate" data-testid="login-activate">
            {t('login.activate')}
          </Link>
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.footer')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
