import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VillageResolver, villageBase } from './village.js';

const villages = [
  { code: '140430103207', name: '大桥沟村委会', township: '新店镇', county: '沁县' },
  { code: '140430103202', name: '栋村村委会', township: '新店镇', county: '沁县' },
  { code: '140430101201', name: '南村村民委员会', township: '定昌镇', county: '沁县' },
  { code: '140430102201', name: '南村村委会', township: '郭村镇', county: '沁县' },
];

test('names with and without 村委会 / 村民委员会, or the 12-digit code', () => {
  const r = new VillageResolver(villages, null);
  for (const name of ['大桥沟村委会', '大桥沟村', '大桥沟', '大桥沟村民委员会']) assert.deepEqual(r.resolve({ village: name }), { ok: true, code: '140430103207' }, name);
  assert.deepEqual(r.resolve({ village: '栋村' }), { ok: true, code: '140430103202' });
  assert.deepEqual(r.resolve({ code: '140430103207' }), { ok: true, code: '140430103207' });
  assert.equal(r.resolve({ code: '140430999999' }).ok, false);
  assert.equal(villageBase('大桥沟村委会'), '大桥沟');
  assert.equal(villageBase('栋村村委会'), '栋村');
});

test('a name in two townships needs the township; unknown names and villages outside the scope are told apart', () => {
  const r = new VillageResolver(villages, { areaCode: '140430103207', areaLevel: 5 });
  const amb = new VillageResolver(villages, null).resolve({ village: '南村' });
  assert.equal(amb.ok || amb.code, 'VILLAGE_AMBIGUOUS');
  assert.deepEqual(new VillageResolver(villages, null).resolve({ village: '南村', township: '郭村镇' }), { ok: true, code: '140430102201' });
  assert.deepEqual(new VillageResolver(villages, null).resolve({ village: '南村', township: '郭村' }), { ok: true, code: '140430102201' });
  const out = r.resolve({ village: '栋村' });
  assert.equal(out.ok || out.code, 'VILLAGE_OUT_OF_SCOPE');
  const unknown = r.resolve({ village: '不存在村' });
  assert.equal(unknown.ok || unknown.code, 'VILLAGE_UNKNOWN');
  const wrongTownship = r.resolve({ village: '大桥沟村', township: '定昌镇' });
  assert.equal(wrongTownship.ok, false);
});
