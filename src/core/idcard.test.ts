import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkChar, maskId, parseIdNumber } from './idcard.js';

test('a valid 18-digit number parses with birth date and gender', () => {
  const first17 = '14043019800101001';
  const id = first17 + checkChar(first17);
  const r = parseIdNumber(id);
  assert.ok(r.ok);
  assert.equal(r.value.birthDate, '1980-01-01');
  assert.equal(r.value.gender, 'M');
  assert.equal(r.value.upgraded, false);
});

test('the well-known sample 11010519491231002X is valid (X check character), female', () => {
  const r = parseIdNumber('11010519491231002X');
  assert.ok(r.ok);
  assert.equal(r.value.gender, 'F');
});

test('a wrong check digit is refused as check', () => {
  const r = parseIdNumber('110105194912310021');
  assert.deepEqual(r, { ok: false, problem: 'check' });
});

test('an impossible birth date is refused as date', () => {
  const first17 = '14043019810229001'; // 1981 is not a leap year
  assert.deepEqual(parseIdNumber(first17 + checkChar(first17)), { ok: false, problem: 'date' });
  const old = '14043018790101001';
  assert.deepEqual(parseIdNumber(old + checkChar(old)), { ok: false, problem: 'date' });
});

test('a birth date later than today is refused as future, not as impossible', () => {
  const future = '14043030000101001';
  assert.deepEqual(parseIdNumber(future + checkChar(future)), { ok: false, problem: 'future' });
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const t17 = `140430${tomorrow}001`;
  assert.deepEqual(parseIdNumber(t17 + checkChar(t17)), { ok: false, problem: 'future' });
});

test('15-digit legacy numbers are upgraded to 18 with 19xx and a check character', () => {
  const r = parseIdNumber('140430800101001');
  assert.ok(r.ok);
  assert.equal(r.value.id, '14043019800101001' + checkChar('14043019800101001'));
  assert.equal(r.value.upgraded, true);
});

test('full-width digits, spaces and lower-case x are normalised', () => {
  const r = parseIdNumber('１１０１０５１９４９１２３１００２x');
  assert.ok(r.ok);
  assert.equal(r.value.id, '11010519491231002X');
  assert.ok(parseIdNumber(' 110105 19491231 002X ').ok);
});

test('empty and malformed inputs', () => {
  assert.deepEqual(parseIdNumber(''), { ok: false, problem: 'empty' });
  assert.deepEqual(parseIdNumber(null), { ok: false, problem: 'empty' });
  assert.deepEqual(parseIdNumber('12345'), { ok: false, problem: 'format' });
  assert.deepEqual(parseIdNumber('1101051949123100AX'), { ok: false, problem: 'format' });
});

test('masking keeps the area prefix and the last four', () => {
  assert.equal(maskId('11010519491231002X'), '110105********002X');
});
