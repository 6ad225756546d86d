/**
 * Names as people write them and search them. 生僻字: names with characters of CJK Extensions A–G (supplementary planes, GB 18030-2022), compatibility ideographs
 * and the middle-dot variants are accepted, stored as typed (dots normalised to ·), and found by the search box —
 * by the characters and by the pinyin of the characters pinyin can read.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { validateMember } from '../src/modules/households/validate.js';

const VILLAGE = '140430103207';
let ctx: TestContext;
let clerk: Session;
before(async () => {
  ctx = await buildTestContext();
  clerk = await login(ctx.app, (await makeUser(ctx, { role: 'village_clerk', area: VILLAGE })).username);
});
after(() => ctx.close());

const NAMES = ['𠮷田', '𪚥王', '张𫟼', '王㐀', '李﨑', '阿卜杜·热合曼'];

test('every CJK block and the middle dot pass the name rule; other scripts and symbols do not', () => {
  const ok = (name: string) => validateMember({ idNumber: makeId({ gender: 'M' }), name, relation: 'head' }).problems.filter((p) => p.field === 'name');
  for (const name of [...NAMES, '测试户主A', 'Alimjan']) assert.deepEqual(ok(name), [], name);
  for (const name of ['王😀', '김민수', 'Иван', '王_三', '王1', 'x'.repeat(31)]) assert.equal(ok(name)[0]?.code, 'NAME_INVALID', name);
  // Counted in characters, not UTF-16 units: 30 supplementary-plane characters are 60 units.
  assert.deepEqual(ok('𠮷'.repeat(30)), []);
});

test('a household of rare names is stored as typed and found by its characters and by pinyin', async () => {
  const members = NAMES.map((name, i) => ({
    idNumber: makeId({ gender: i % 2 ? 'F' : 'M', birth: `19${60 + i}0101` }),
    name: name === '阿卜杜·热合曼' ? '阿卜杜•热合曼' : name, // typed with a bullet: stored with the middle dot
    relation: i === 0 ? 'head' : i === 1 ? 'spouse' : 'other',
  }));
  const res = await as(ctx.app, clerk, 'POST', '/api/households', { householdNo: householdNo(), villageCode: VILLAGE, category: 'ordinary', members });
  assert.equal(res.statusCode, 200, res.body);
  const h = res.json();
  assert.deepEqual(h.members.map((m: { name: string }) => m.name), NAMES);
  assert.equal(h.headName, '𠮷田');

  for (const q of ['𠮷田', '𠮷', '𪚥王', '张𫟼', '阿卜杜·热合曼', 'tian']) {
    const r = await as(ctx.app, clerk, 'GET', `/api/households?q=${encodeURIComponent(q)}`);
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(r.json().items.some((i: { id: number }) => i.id === h.id), `search ${q}`);
  }
  // The list names the township as well as the village (a county clerk sorts out places by both).
  const item = (await as(ctx.app, clerk, 'GET', `/api/households?q=${encodeURIComponent('𠮷田')}`)).json().items[0];
  assert.equal(item.townshipName, '新店镇');
  assert.equal(item.villageName, '大桥沟村委会');
});

test('search as clerks type: pinyin with spaces between syllables, names with Latin capitals, spaces inside a name', async () => {
  const make = async (name: string) => {
    const res = await as(ctx.app, clerk, 'POST', '/api/households', {
      householdNo: householdNo(), villageCode: VILLAGE, category: 'ordinary',
      members: [{ idNumber: makeId({ gender: 'M', birth: '19700101' }), name, relation: 'head' }],
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().id as number;
  };
  const jianjun = await make('张建军');
  const jianjunId = (await as(ctx.app, clerk, 'GET', `/api/households/${jianjun}`)).json().members[0].idMasked as string;
  const capital = await make('测试户主A');
  const tail = jianjunId.slice(-4);
  const cases: [string, number][] = [
    ['zhang jian jun', jianjun], ['Zhang Jianjun', jianjun], ['z j j', jianjun], ['张 建军', jianjun], ['测试户主A', capital], ['测试户主', capital],
    // The end of the ID number as on a paper roll: the last 4 (x in either case), or 5–6 with the digits before.
    [tail, jianjun], [tail.toLowerCase(), jianjun], [`7${tail}`, jianjun],
  ];
  for (const [q, id] of cases) {
    const r = await as(ctx.app, clerk, 'GET', `/api/households?q=${encodeURIComponent(q)}`);
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(r.json().items.some((i: { id: number }) => i.id === id), `search "${q}"`);
  }
});
