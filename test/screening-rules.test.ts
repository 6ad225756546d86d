import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSetting, evaluate, RULES, ruleDef, validSetting, type RuleSetting } from '../src/modules/screening/rules.js';
import type { Fact } from '../src/modules/screening/repo.js';
import { idTypo, nameSimilarity } from '../src/modules/screening/similarity.js';

/**
 * The screening rules as pure functions: each at, just below and just above its threshold, its target groups, one
 * warning per member, the same fingerprint for the same data; and the name similarity the fuzzy matching scores by.
 */
const TODAY = '2026-03-10';
let rowId = 0;
function fact(template: string, data: Record<string, unknown>, over: Partial<Fact> = {}): Fact {
  return {
    row_id: ++rowId, dataset_id: 1, run_id: 1, template, department: 'x', data, member_id: 1, household_id: 1, member_name: '张三',
    member_birth_date: '1980-01-01', member_status: 'active', disability_grade: null, village_code: '140430103207', category: 'exited',
    is_dibao: false, is_tekun: false, ...over,
  };
}
function setting(rule: string, params: Record<string, number> = {}, over: Partial<RuleSetting> = {}): RuleSetting {
  const d = defaultSetting(ruleDef(rule));
  return { ...d, params: { ...d.params, ...params }, ...over };
}
const hits = (facts: Fact[], s: RuleSetting) => evaluate(facts, [s], TODAY).length;

test('medical cost: the sum over 12 months at, below and above A (supported) and B (others)', () => {
  const rows = (amounts: number[], over: Partial<Fact> = {}) => amounts.map((a, i) => fact('medical', { settledOn: `2026-0${(i % 2) + 1}-15`, selfPaid: a }, over));
  assert.equal(hits(rows([6000, 4000]), setting('medical_cost')), 1, 'at A');
  assert.equal(hits(rows([6000, 3999.99]), setting('medical_cost')), 0, 'just below A');
  assert.equal(hits(rows([6000, 4000.01]), setting('medical_cost')), 1, 'just above A');
  assert.equal(hits(rows([15000], { category: 'ordinary' }), setting('medical_cost')), 0, 'an ordinary household needs B');
  assert.equal(hits(rows([20000], { category: 'ordinary' }), setting('medical_cost')), 1, 'at B');
  assert.equal(hits(rows([15000], { category: 'ordinary', is_dibao: true }), setting('medical_cost')), 1, '低保 counts as supported');
  // A settlement older than 12 months does not count; one warning per member however many rows.
  assert.equal(hits([fact('medical', { settledOn: '2025-03-10', selfPaid: 50000 })], setting('medical_cost')), 0);
  assert.equal(evaluate(rows([11000, 11000]), [setting('medical_cost')], TODAY).length, 1);
  // Target groups: the rule off for exited households.
  assert.equal(hits(rows([11000]), setting('medical_cost', {}, { groups: ['monitored', 'ordinary'] })), 0);
  assert.equal(hits(rows([11000]), setting('medical_cost', {}, { enabled: false })), 0);
});

test('school drop-out by age 6–15 at its edges; housing C/D; disability grade; deaths; disasters; aid not flagged; care subsidy', () => {
  const child = (birth: string, status = '辍学') => fact('education', { status }, { member_birth_date: birth });
  assert.equal(hits([child('2020-03-10')], setting('school_dropout')), 1, 'turns 6 today');
  assert.equal(hits([child('2020-03-11')], setting('school_dropout')), 0, 'still 5');
  assert.equal(hits([child('2010-03-11')], setting('school_dropout')), 1, 'still 15');
  assert.equal(hits([child('2010-03-10')], setting('school_dropout')), 0, 'turns 16 today');
  assert.equal(hits([child('2015-01-01', '在校')], setting('school_dropout')), 0);

  assert.deepEqual(['A', 'B', 'C', 'D'].map((r) => hits([fact('housing', { rating: r })], setting('housing_unsafe'))), [0, 0, 1, 1]);
  assert.deepEqual(['A', 'B', 'C', 'D'].map((r) => hits([fact('housing', { rating: r })], setting('housing_unsafe', { worstOk: 1 }))), [0, 1, 1, 1]);

  assert.deepEqual([1, 2, 3].map((g) => hits([fact('disability', { grade: g, category: '肢体' })], setting('disability_new'))), [1, 1, 0]);
  assert.equal(hits([fact('disability', { grade: 1 }, { category: 'monitored' })], setting('disability_new')), 0, 'already monitored');
  assert.equal(hits([fact('disability', { grade: 2 }, { disability_grade: 2 })], setting('disability_new')), 0, 'not new');

  assert.equal(hits([fact('public_security', { event: '死亡', eventOn: '2026-03-01' })], setting('death_or_move')), 1);
  assert.equal(hits([fact('public_security', { event: '死亡' }, { member_status: 'deceased' })], setting('death_or_move')), 0, 'already corrected');
  assert.equal(hits([fact('public_security', { event: '交通事故' })], setting('death_or_move')), 0);
  assert.equal(hits([fact('public_security', { event: '交通事故' })], setting('disaster_accident')), 1);
  assert.deepEqual([4999.99, 5000, 5000.01].map((loss) => hits([fact('emergency', { disaster: '洪涝', loss })], setting('disaster_accident', { minLoss: 5000 }))), [0, 1, 1]);

  assert.equal(hits([fact('civil_aid', { benefit: '低保' })], setting('aid_not_flagged')), 1);
  assert.equal(hits([fact('civil_aid', { benefit: '低保' }, { is_dibao: true })], setting('aid_not_flagged')), 0);
  assert.equal(hits([fact('civil_aid', { benefit: '特困' }, { category: 'monitored' })], setting('aid_not_flagged')), 0);
  assert.equal(hits([fact('civil_aid', { benefit: '临时救助' })], setting('aid_not_flagged')), 0);

  assert.deepEqual([true, false].map((careSubsidy) => hits([fact('disability', { grade: 1, careSubsidy })], setting('entitled_not_receiving'))), [0, 1]);
  assert.equal(hits([fact('disability', { grade: 3, careSubsidy: false })], setting('entitled_not_receiving')), 0);
});

test('the same data gives the same fingerprint, changed data a new one; settings are checked', () => {
  const a = evaluate([fact('housing', { rating: 'D', ratedOn: '2026-01-01' })], [setting('housing_unsafe')], TODAY)[0]!;
  const b = evaluate([fact('housing', { ratedOn: '2026-01-01', rating: 'D' })], [setting('housing_unsafe')], TODAY)[0]!;
  const c = evaluate([fact('housing', { rating: 'D', ratedOn: '2026-02-01' })], [setting('housing_unsafe')], TODAY)[0]!;
  assert.equal(a.fingerprint, b.fingerprint);
  assert.notEqual(a.fingerprint, c.fingerprint);
  const def = ruleDef('school_dropout');
  const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;
  assert.throws(() => validSetting(def, { enabled: true, groups: ['exited'], dueDays: 10, params: { minAge: 16, maxAge: 15 } }), code('SCREENING_RULE_PARAM'));
  assert.throws(() => validSetting(def, { enabled: true, groups: [], dueDays: 10, params: {} }), code('SCREENING_RULE_PARAM'));
  assert.throws(() => validSetting(def, { enabled: true, groups: ['exited'], dueDays: 0, params: {} }), code('SCREENING_RULE_PARAM'));
  assert.throws(() => ruleDef('nope'), code('SCREENING_RULE_UNKNOWN'));
  assert.equal(RULES.length, 8);
});

test('name similarity: same, traditional, homophone, one wrong or missing character, and nothing else; ID typos', () => {
  assert.deepEqual(nameSimilarity('李秀英', '李秀英'), { score: 1, basis: 'name' });
  assert.deepEqual(nameSimilarity('劉麗華', '刘丽华'), { score: 0.95, basis: 'traditional' });
  assert.deepEqual(nameSimilarity('李秀瑛', '李秀英'), { score: 0.9, basis: 'homophone' });
  assert.deepEqual(nameSimilarity('李秀兰', '李秀英'), { score: 0.8, basis: 'one_char' });
  assert.deepEqual(nameSimilarity('李英', '李秀英'), { score: 0.75, basis: 'missing_char' });
  assert.equal(nameSimilarity('王五', '李秀英'), undefined);
  assert.equal(nameSimilarity('张', '王'), undefined, 'one character is never "one wrong"');
  assert.equal(nameSimilarity('𠀀明', '𠀀亮')?.basis, 'one_char');
  assert.equal(idTypo('140430198001011234', '140430198001011235'), true);
  assert.equal(idTypo('140430198001011234', '140430198001011243'), true, 'neighbours swapped');
  assert.equal(idTypo('140430198001011234', '140430198001012243'), false);
});
