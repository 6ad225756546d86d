/** The sign-in and password pages' words (Chinese default, English). */
import { defineMessages } from '../../i18n';

const zh = {
  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.sessionLost': '登录状态已失效，请重新登录',
  'login.footer': '本系统仅供授权人员使用，所有操作均记录审计日志',
  'pwd.title': '修改密码',
  'pwd.forced': '首次登录或密码已被重置，请先设置新密码后再使用系统。',
  'pwd.current': '当前密码',
  'pwd.new': '新密码',
  'pwd.confirm': '确认新密码',
  'pwd.policy': '密码要求：至少 10 位；大写字母、小写字母、数字、符号四类中至少包含三类；不能包含用户名、姓名或手机号；不能是常见密码、键盘连续键、顺序或重复字符；不能与最近 5 次的密码相同。',
  'pwd.tooShort': '至少 10 位',
  'pwd.classes': '大写字母、小写字母、数字、符号中至少三类',
  'pwd.noUsername': '不能包含用户名',
  'pwd.mismatch': '两次输入的新密码不一致',
  'pwd.required': '请输入密码',
  'pwd.submit': '修改密码',
  'pwd.done': '密码已修改',
};

const en: Record<keyof typeof zh, string> = {
  'login.title': 'Sign in',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.usernameRequired': 'Enter your user name',
  'login.passwordRequired': 'Enter your password',
  'login.sessionLost': 'You are no longer signed in; please sign in again',
  'login.footer': 'For authorised staff only; every action is recorded in the audit log',
  'pwd.title': 'Change password',
  'pwd.forced': 'This is your first sign-in or your password was reset: set a new password to continue.',
  'pwd.current': 'Current password',
  'pwd.new': 'New password',
  'pwd.confirm': 'Confirm new password',
  'pwd.policy': 'Password policy: at least 10 characters; at least 3 of upper case, lower case, digits and symbols; not your user name, name or phone; not a common password, a keyboard walk, a sequence or repeated characters; not one of your last 5 passwords.',
  'pwd.tooShort': 'At least 10 characters',
  'pwd.classes': 'At least 3 of upper case, lower case, digits, symbols',
  'pwd.noUsername': 'Must not contain the user name',
  'pwd.mismatch': 'The two new passwords differ',
  'pwd.required': 'Enter a password',
  'pwd.submit': 'Change password',
  'pwd.done': 'Password changed',
};

export const { useT, label } = defineMessages(zh, en);
