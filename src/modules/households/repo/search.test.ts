import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefixEnd } from './search.js';

test('prefixEnd: the prefix with its last code point plus one; none past the last character', () => {
  assert.equal(prefixEnd('慕容三'), '慕容上');
  assert.equal(prefixEnd('zs'), 'zt');
  assert.equal(prefixEnd('a𠀀'), 'a𠀁'); // outside the BMP: a whole code point, not half a surrogate pair
  assert.equal(prefixEnd('\uffff'), '\u{10000}');
  assert.equal(prefixEnd(''), undefined);
  assert.equal(prefixEnd('\ud7ff'), undefined); // the next code point is a surrogate: no character
  assert.equal(prefixEnd('\u{10ffff}'), undefined);
});
