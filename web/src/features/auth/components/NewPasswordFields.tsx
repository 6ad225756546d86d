import { Form, Input } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { useT } from '../messages';

/** The client-side mirror of the server's policy (PASSWORD_WEAK): ≥ 10 chars, 3 of 4 classes, no user name. */
export function passwordChecks(pwd: string, username: string) {
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pwd)).length;
  return {
    length: pwd.length >= 10,
    classes: classes >= 3,
    noUsername: !username || !pwd.toLowerCase().includes(username.toLowerCase()),
  };
}

/**
 * A new password and its confirmation, inside a form with fields `newPassword` and `confirm`: the policy's checks
 * ticked live as the user types, the same checks on submit (the server checks again). Shared by the password change
 * and the account activation; `ids` keeps each page's test ids.
 */
export function NewPasswordFields({ username, ids }: { username: string; ids: { password: string; confirm: string; check: string } }) {
  const t = useT();
  const form = Form.useFormInstance();
  const newPassword = (Form.useWatch('newPassword', form) as string | undefined) ?? '';
  const checks = passwordChecks(newPassword, username);
  const check = (ok: boolean, text: string, id: string) => (
    <div data-testid={`${ids.check}-${id}`} data-ok={ok ? 'true' : 'false'}>
      {ok ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#bfbfbf" />} {text}
    </div>
  );
  return (
    <>
      <Form.Item
        name="newPassword"
        label={t('pwd.new')}
        dependencies={['username']}
        rules={[
          { required: true, message: t('pwd.required') },
          {
            validator: async (_r, v: string | undefined) => {
              const c = passwordChecks(v ?? '', username);
              if (v && !(c.length && c.classes && c.noUsername)) throw new Error(t('pwd.policy'));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={ids.password} />
      </Form.Item>
      <div style={{ marginTop: -12, marginBottom: 16, fontSize: 13 }}>
        {check(checks.length, t('pwd.tooShort'), 'length')}
        {check(checks.classes, t('pwd.classes'), 'classes')}
        {check(checks.noUsername && newPassword.length > 0, t('pwd.noUsername'), 'username')}
      </div>
      <Form.Item
        name="confirm"
        label={t('pwd.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('pwd.required') },
          ({ getFieldValue }) => ({
            validator: async (_r, v: string | undefined) => {
              if (v && v !== getFieldValue('newPassword')) throw new Error(t('pwd.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={ids.confirm} />
      </Form.Item>
    </>
  );
}
