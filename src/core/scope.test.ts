import { test } from 'node:test';
import assert from 'node:assert/strict';
import { areaPrefix } from './scope.js';

test('areaPrefix: the level from the code, not from its trailing zeros', () => {
  assert.equal(areaPrefix('140430100200'), '140430100200'); // a village ending in 0
  assert.equal(areaPrefix('140430103207'), '140430103207');
  assert.equal(areaPrefix('140430100000'), '140430100'); // a township ending in 0
  assert.equal(areaPrefix('140430100'), '140430100');
  assert.equal(areaPrefix('140430'), '140430');
  assert.equal(areaPrefix('140400000000'), '1404');
  assert.equal(areaPrefix('140000'), '14');
});
