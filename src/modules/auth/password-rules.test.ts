import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblems } from './password-rules.js';
import { generatePassword } from './password.js';

const reason = (pw: string, user: { username?: string; displayName?: string; phone?: string | null } = {}) =>
  passwordProblems(pw, { username: user.username ?? 'zhao.clerk', displayName: user.displayName, phone: user.phone })[0];

test('the passwords of the issue are refused, each with its reason', () => {
  assert.equal(reason('Password@1'), 'common');
  assert.equal(reason('Qwerty@123'), 'keyboard');
  assert.equal(reason('Aa1aaaaaaa'), 'repeated');
  assert.equal(reason(' '.repeat(10) + 'A1a'), 'length');
});

test('common passwords, Chinese ones included, in their capitalised, suffixed and leet-speak variants', () => {
  for (const pw of [
    'P@ssw0rd1!', 'Passw0rd!!', 'PASSWORD2024#', 'MyPassword1!', 'Iloveyou520!', '!Woaini1314', 'Woaini1314@',
    'Woaini5201314!', 'Admin@12345', 'Letmein!2024', 'Dragon#88888', 'Zhang123456!', 'L0vey0u1314!', 'Wodemima123!',
    'Sunshine@2023', 'Qq5201314!!',
  ]) {
    assert.equal(reason(pw), 'common', pw);
  }
});

test('keyboard walks (rows, columns, diagonals, both ways) and sequences', () => {
  for (const pw of ['1qaz@WSX3edc', 'Zxcvb!Asdfg7', 'Qazwsx#Edc123', 'Poiuyt!Lkjh9', 'Mnbvcxz!Lkj8', '!QAZ2wsx#EDC', 'Asdfghjkl;1A']) {
    assert.equal(reason(pw), 'keyboard', pw);
  }
  for (const pw of ['Abcdefg#1234', 'Zyxwvu!98765', 'Lmnopq#45678', 'Qq123456789!', 'Aa123456789!', 'Abc123456!']) {
    assert.equal(reason(pw), 'sequence', pw);
  }
});

test('one character or one chunk repeated, and whitespace padding', () => {
  for (const pw of ['Aa1aaaaaaa', 'Ab1!Ab1!Ab1!', 'Xy9#Xy9#Xy9#Xy9#', 'Zzzzzz#zzzzz1A']) assert.equal(reason(pw), 'repeated', pw);
  assert.equal(reason('          A1a'), 'length');
  assert.equal(reason('A1a          b'), 'length'); // spaces inside do not count either
  assert.equal(reason('   lowercase only   '), 'classes');
});

test('the user name, the person’s name (also in pinyin) and the phone, forwards and backwards', () => {
  const user = { username: 'li.clerk', displayName: '李建国', phone: '139 0731 4262' };
  assert.equal(reason('Li.Clerk#2024', user), 'contains_name');
  assert.equal(reason('Krelc.il#2024', user), 'contains_name');
  assert.equal(reason('Lijianguo#2024', user), 'contains_name');
  assert.equal(reason('李建国#Ab2024x', user), 'contains_name');
  assert.equal(reason('Tel13907314262a', user), 'contains_phone');
  assert.equal(reason('X26241370931#b', user), 'contains_phone');
});

test('good passwords pass: the test helpers’, the browser tests’ and generated ones', () => {
  for (const pw of ['Test-Passw0rd!', 'Brand-New-Pass-9', 'Clerk-Own-Pass-7', 'Picked-Pass-42', 'Fp#4be1c07a9fZq9', 'Rotate#One-41', 'Fresh#Start-96']) {
    assert.deepEqual(passwordProblems(pw, { username: 'helper12345' }), [], pw);
  }
  for (let i = 0; i < 500; i++) {
    const pw = generatePassword({ username: 'admin' });
    assert.deepEqual(passwordProblems(pw, { username: 'admin' }), [], pw);
  }
});
