import { App as AntApp, Alert, Button, Modal, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useT } from '../messages';

export interface Secret {
  title: string;
  username: string;
  password: string;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  document.body.removeChild(ta);
  return ok;
}

/** A password shown exactly once (new account or administrator reset), with a copy button. */
export function SecretModal({ secret, onClose }: { secret: Secret | null; onClose: () => void }) {
  const t = useT();
  const { message } = AntApp.useApp();
  return (
    <Modal
      open={!!secret}
      title={secret?.title}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-close">
          {t('common.close')}
        </Button>
      }
      data-testid="secret-modal"
    >
      {secret && (
        <>
          <Typography.Paragraph>{t('users.passwordFor', { name: secret.username })}</Typography.Paragraph>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 16 }}>
            <div className="fp-secret" style={{ flex: 1 }} data-testid="secret-password">
              {secret.password}
            </div>
            <Button
              icon={<CopyOutlined />}
              onClick={async () => {
                if (await copyText(secret.password)) void message.success(t('common.copied'));
                else void message.warning(t('common.copyFailed'));
              }}
              data-testid="secret-copy"
            >
              {t('common.copy')}
            </Button>
          </div>
          <Alert type="warning" showIcon title={t('users.passwordOnce')} />
        </>
      )}
    </Modal>
  );
}
