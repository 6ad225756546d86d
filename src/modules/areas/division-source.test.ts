import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pad12, parseAreaCode } from './division-source.js';

test('parseAreaCode of a padded code: the level from the code, not from its trailing zeros', () => {
  const prefix = (code: string) => parseAreaCode(pad12(code))?.short;
  assert.equal(prefix('140430100200'), '140430100200'); // a village ending in 0
  assert.equal(prefix('140430103207'), '140430103207');
  assert.equal(prefix('140430100000'), '140430100'); // a township ending in 0
  assert.equal(prefix('140430100'), '140430100');
  assert.equal(prefix('140430'), '140430');
  assert.equal(prefix('140400000000'), '1404');
  assert.equal(prefix('140000'), '14');
});
