import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createFieldCipher } from './field-crypto.js';

const key = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');

test('encrypt is SM4-CBC with PKCS#7 padding and a fresh IV: the same bytes as the OpenSSL cipher, at every length', () => {
  const c = createFieldCipher(key);
  const encKey = crypto.createHash('sm3').update(Buffer.concat([key, Buffer.from('fangpin/sm4')])).digest().subarray(0, 16);
  for (const plain of ['', 'a', '14043019800101123X', '0123456789abcdef', '0123456789abcdef0', '13912345678', '张三·阿不都热合曼'.repeat(3)]) {
    const stored = c.encrypt(plain);
    const buf = Buffer.from(stored, 'base64');
    const iv = buf.subarray(0, 16);
    const ref = crypto.createCipheriv('sm4-cbc', encKey, iv);
    assert.deepEqual(buf.subarray(16), Buffer.concat([ref.update(plain, 'utf8'), ref.final()]), `“${plain}”`);
    assert.equal(c.decrypt(stored), plain);
  }
  const a = c.encrypt('14043019800101123X');
  const b = c.encrypt('14043019800101123X');
  assert.notEqual(a, b, 'a new IV every time');
  assert.notEqual(a.slice(0, 22), b.slice(0, 22));
});

test('the blind index is deterministic and keyed; the same key makes the same cipher', () => {
  const c = createFieldCipher(key);
  assert.equal(c.blindIndex('14043019800101123X'), c.blindIndex('14043019800101123X'));
  assert.notEqual(c.blindIndex('14043019800101123X'), c.blindIndex('140430198001011230'));
  const other = createFieldCipher(Buffer.alloc(32, 7));
  assert.notEqual(other.blindIndex('14043019800101123X'), c.blindIndex('14043019800101123X'));
  const again = createFieldCipher(Buffer.from(key));
  assert.equal(again.blindIndex('x'), c.blindIndex('x'));
  assert.equal(again.decrypt(c.encrypt('13912345678')), '13912345678');
});
