import { App as AntApp, Alert, Button, Modal, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n';
import { formatTime } from '../../../format';
import { useT } from '../messages';
import { copyText } from './SecretModal';

export interface IssuedActivation {
  title: string;
  username: string;
  code: string;
  expiresAt: string;
}

/**
 * The one-time activation code of an auditor's or security administrator's account (三员分立), shown once to the
 * security administrator who issued it, with what the owner must do: activate at /activate with a password of his own.
 */
export function ActivationCodeModal({ activation, onClose }: { activation: IssuedActivation | null; onClose: () => void }) {
  const t = useT();
  const { lang } = useI18n();
  const { message } = AntApp.useApp();
  const url = `${window.location.origin}/activate`;
  return (
    <Modal
      open={!!activation}
      title={activation?.title}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="activation-close">
          {t('common.close')}
        </Button>
      }
      data-testid="activation-modal"
    >
      {activation && (
        <>
          <Typography.Paragraph>{t('users.activationFor', { name: activation.username, until: formatTime(activation.expiresAt, lang) })}</Typography.Paragraph>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 16 }}>
            <div className="fp-secret" style={{ flex: 1 }} data-testid="activation-code">
              {activation.code}
            </div>
            <Button
              icon={<CopyOutlined />}
              onClick={async () => {
                if (await copyText(activation.code)) void message.success(t('common.copied'));
                else void message.warning(t('common.copyFailed'));
              }}
              data-testid="activation-copy"
            >
              {t('common.copy')}
            </Button>
          </div>
          <Typography.Paragraph data-testid="activation-steps">{t('users.activationSteps', { url })}</Typography.Paragraph>
          <Alert type="warning" showIcon title={t('users.activationOnce')} />
        </>
      )}
    </Modal>
  );
}
