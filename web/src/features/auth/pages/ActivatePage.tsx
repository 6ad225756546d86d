import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { ApiError } from '../../../api/client';
import { LangSwitch } from '../../../components/LangSwitch';
import { authApi } from '../api';
import { useT } from '../messages';
import { NewPasswordFields } from '../components/NewPasswordFields';

interface ActivateForm {
  username: string;
  code: string;
  newPassword: string;
  confirm: string;
}

/**
 * 激活账号 (public): an auditor or security administrator enters his user name, the one-time code his security
 * administrator gave him, and a password of his own — no administrator ever sets or sees it (三员分立). The server
 * checks the same rules as a password change (auth/password-rules.ts) and audits every try.
 */
export default function ActivatePage() {
  const t = useT();
  const [form] = Form.useForm<ActivateForm>();
  const username = Form.useWatch('username', form) ?? '';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const navigate = useNavigate();

  const onFinish = async (v: ActivateForm) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.activate(v.username.trim(), v.code.trim(), v.newPassword);
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError) setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fp-login-wrap">
      <Card className="fp-login-card" style={{ maxWidth: 480 }} data-testid="activate-page">
        <div style={{ display: 'flex', alignItems: 'center', marginBottom: 8 }}>
          <Typography.Title level={3} style={{ margin: 0, flex: 1 }}>
            {t('act.title')}
          </Typography.Title>
          <LangSwitch />
        </div>
        {done ? (
          <Result
            status="success"
            title={t('act.done')}
            extra={
              <Button type="primary" onClick={() => navigate('/login', { replace: true })} data-testid="activate-to-login">
                {t('act.toLogin')}
              </Button>
            }
            data-testid="activate-done"
          />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('act.intro')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }} data-testid="activate-policy">
              {t('pwd.policy')}
            </Typography.Paragraph>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="activate-error" />}
            <Form<ActivateForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="off">
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
                <Input autoComplete="username" autoCapitalize="none" data-testid="activate-username" />
              </Form.Item>
              <Form.Item name="code" label={t('act.code')} rules={[{ required: true, whitespace: true, message: t('act.codeRequired') }]}>
                <Input autoComplete="one-time-code" autoCapitalize="characters" maxLength={40} placeholder="XXXX-XXXX-XXXX-XXXX" data-testid="activate-code" />
              </Form.Item>
              <NewPasswordFields username={username.trim()} ids={{ password: 'activate-password', confirm: 'activate-confirm', check: 'act-check' }} />
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="activate-submit">
                {t('act.submit')}
              </Button>
            </Form>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
              {t('act.usedWarning')}
            </Typography.Paragraph>
            <div style={{ textAlign: 'center' }}>
              <Link to="/login">{t('act.toLogin')}</Link>
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
