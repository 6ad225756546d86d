import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { as, login, makeUser, type Session } from './helpers/app.js';
import { householdNo, makeId } from './helpers/people.js';
import { hasUnstorableChar } from '../src/core/text.js';
import { county, csv, ctx, family, settled, setupImportsFixture, uploadJob, VILLAGE } from './helpers/imports.js';

/**
 * Every documented operation (the OpenAPI document), every parameter and body field, with bad values: NUL, lone
 * surrogates, huge strings, wrong types, arrays for scalars, objects, out-of-range and non-integral numbers, dates
 * that do not exist, empty strings, nulls. Sent as a signed-in county admin (with the CSRF token) and anonymously.
 * No answer may be a 5xx, and no table may change.
 *
 * A write operation gets a valid body (below) with one field replaced, so the bad value travels as far as the server
 * lets it. A value its documented schema accepts (a null for a nullable field, an empty address) is a legitimate
 * change, not a bad value: a write is sent only values the schema refuses — and values with NUL or a lone surrogate,
 * which no schema can allow. A read gets every value. Deterministic: fixed value lists, no randomness.
 */
setupImportsFixture({ tmpPrefix: 'fp-fuzz-', householdPrefix: 'FZ' });

const huge = 'x'.repeat(10_000);
const deep = (() => {
  let v: unknown = 'x';
  for (let i = 0; i < 500; i++) v = [v];
  return v;
})();
/** A body nested as deep as the body limit allows (sent as text: JSON.stringify would overflow the test's stack). */
const DEEP_BODY = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
const BODY_VALUES: unknown[] = [
  '\u0000', 'a\u0000b', '\ud800', 'a\udc00b', '\udc00\ud800', huge, '', ' ', '2024-02-30', '2024-13-45', '9223372036854775808',
  0, -1, 1.5, 1e300, -1e300, 2 ** 31, 2 ** 53, 2 ** 63, true, false, null, [], ['zz'], ['13912345678'], [1], {}, { a: 1 }, { '\u0000': 1 }, deep,
];
// As they travel in a URL (each is put in as is: already encoded).
const TEXT_VALUES: string[] = [
  '%00', 'a%00b', '%ED%A0%80', '%ED%B0%80', '%C0%80', '%FF', huge, '', '-1', '0', '1.5', '1e300', '2147483648', '9223372036854775808',
  '99999999999999999999999', 'NaN', 'Infinity', 'null', 'true', '2024-02-30', '2024-13-45', '0000-00-00', '%5B%5D', '%7B%7D', '%F0%9F%98%80',
];

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: 'path' | 'query'; required?: boolean; schema: Json }[];
  body?: Json;
}

/** OpenAPI 3.0 schema → JSON Schema for ajv (nullable → a null type). */
function jsonSchema(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(jsonSchema);
  if (!s || typeof s !== 'object') return s;
  const o = s as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'nullable') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, ps]) => [p, jsonSchema(ps)])) : jsonSchema(v);
  }
  if (o.nullable) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

const judge = (coerceTypes: false | 'array') => {
  const ajv = new Ajv({ strict: false, coerceTypes, allErrors: false });
  ajvFormats.default(ajv);
  return ajv;
};
const strict = judge(false);
const text = judge('array');

/** Every field of a body schema as a path (a list's fields through its first item). */
function fieldPaths(schema: Json, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  const parts = (schema.allOf as Json[] | undefined) ?? [schema];
  for (const part of parts) {
    for (const [name, sub] of Object.entries((part.properties as Record<string, Json> | undefined) ?? {})) {
      const here = [...at, name];
      out.push(here);
      if (sub.type === 'array' && (sub.items as Json | undefined)?.properties) out.push(...fieldPaths(sub.items as Json, [...here, 0]));
    }
  }
  return out;
}

function withValue(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Json;
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = typeof path[path.indexOf(key) + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return copy;
}

/** A checksum of every table's rows. Not compared: audit_log (every refused write is recorded there, by design),
 *  sessions (each request moves its session's last_seen_at), and pg-boss's own schema (its queue's bookkeeping). */
async function checksums(): Promise<Record<string, string>> {
  const tables = await sql<{ t: string }>`
    select table_name as t from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('audit_log', 'sessions')
     order by 1`.execute(ctx.db);
  const out: Record<string, string> = {};
  for (const { t } of tables.rows) {
    const r = await sql<{ h: string | null }>`select md5(string_agg(x::text, ',' order by x::text)) as h from ${sql.table(t)} x`.execute(ctx.db);
    out[t] = r.rows[0]!.h ?? 'empty';
  }
  return out;
}

// Every documented operation, each with many bad values: with the assistance, screening, posts and loans modules that
// is minutes on a loaded 2-core machine (it ran 120 s alone; 240 s was hit while other suites ran beside it).
test('no bad value gets a 5xx or changes a table, on any documented operation', { timeout: 900_000 }, async () => {
  const started = Date.now();
  // What the operations act on: a household with two members, a user, a template, a checked import job.
  const created = await as(ctx.app, county, 'POST', '/api/households', {
    householdNo: householdNo(), villageCode: VILLAGE, category: 'ordinary', phone: '13912345678',
    members: [{ idNumber: makeId({ gender: 'M' }), name: '张三', relation: 'head' }, { idNumber: makeId({ gender: 'F' }), name: '李四', relation: 'spouse' }],
  });
  assert.equal(created.statusCode, 200, created.body);
  const hh = created.json() as { id: number; version: number; members: { id: number }[] };
  const user = await makeUser(ctx, { role: 'helper', area: VILLAGE });
  const tpl = await as(ctx.app, county, 'POST', '/api/imports/templates', { name: '模糊测试', mapping: { 姓名: 'name' } });
  assert.equal(tpl.statusCode, 200, tpl.body);
  const jobId = await uploadJob(county, 'fuzz.csv', csv([...family(), ...family()]));
  assert.equal((await settled(county, jobId)).state, 'checked');

  const ids: Record<string, Record<string, string>> = {
    '/api/users/{id}': { id: String(user.id) },
    '/api/users/{id}/reset-password': { id: String(user.id) },
    '/api/areas/{code}': { code: VILLAGE },
    '/api/imports/templates/{id}': { id: String(tpl.json().id) },
    '/api/monitoring/cases/{id}/{transition}': { id: '1', transition: 'recordVisit' },
    '/api/screening/rules/{rule}': { rule: 'medical_cost' },
    '/api/screening/rules/{rule}/preview': { rule: 'medical_cost' },
    '/api/screening/candidates/{id}/{decision}': { id: '1', decision: 'confirm' },
  };
  const pathValue = (path: string, name: string) =>
    ids[path]?.[name] ?? (name === 'memberId' ? String(hh.members[1]!.id) : path.startsWith('/api/imports/') ? String(jobId) : String(hh.id));
  // Valid bodies: each would succeed as it is (it is never sent as it is).
  const bodies: Record<string, unknown> = {
    'POST /api/auth/login': { username: 'nobody_here', password: 'Wrong-Passw0rd!' },
    'POST /api/auth/activate': { username: 'nobody_here', code: 'AAAA-BBBB-CCCC-DDDD', newPassword: 'Another-Passw0rd!' },
    'POST /api/auth/password': { currentPassword: 'Wrong-Passw0rd!', newPassword: 'Another-Passw0rd!' },
    'POST /api/users': { username: 'fuzz_new', displayName: '新用户', role: 'helper', areaCode: VILLAGE, department: null, phone: '13912345678', password: 'Strong-Passw0rd!' },
    'PATCH /api/users/{id}': { displayName: '改名', role: 'helper', areaCode: VILLAGE, department: null, phone: '13912345678', status: 'active' },
    'POST /api/areas/import': { code: '140430' },
    'POST /api/households': {
      householdNo: householdNo(), villageCode: VILLAGE, address: '大桥沟村 2 号', phone: '13912345679', category: 'exited', monitoringType: null, exitYear: 2019,
      isDibao: false, isTekun: false, isRelocated: false, hasLeftBehind: false, housingRating: 'A', housingRatedOn: '2024-02-29',
      waterQuantityOk: true, waterQualityOk: true, waterAccessOk: true, waterSupplyOk: true, incomeYear: 2024,
      incomeWages: 1000, incomeBusiness: 0, incomeProperty: 0, incomeTransfer: 0, expenseBusiness: 0,
      members: [{
        idNumber: makeId({ gender: 'M' }), name: '王五', relation: 'head', gender: 'M', birthDate: '1980-01-01', ethnicity: '汉族', education: null,
        schoolStatus: null, health: null, disabilityCategory: null, disabilityGrade: null, labourCapacity: null, workPlace: null, workMonths: 6,
        medicalInsured: true, pensionInsured: true, welfarePost: false,
      }],
    },
    'PATCH /api/households/{id}': { version: hh.version, address: '新地址', phone: '13912345670', housingRatedOn: '2024-01-01', exitYear: null },
    'POST /api/households/{id}/members': { idNumber: makeId({ gender: 'F', birth: '20100101' }), name: '张小花', relation: 'daughter', birthDate: '2010-01-01', workMonths: 0 },
    'PATCH /api/households/{id}/members/{memberId}': { name: '李四四', birthDate: '1980-01-01', disabilityGrade: null, workMonths: 3 },
    'POST /api/households/{id}/members/{memberId}/remove': { status: 'moved_out', date: '2024-01-01', reason: '迁出', newHeadMemberId: hh.members[0]!.id },
    'POST /api/imports/{id}/check': { mapping: { 姓名: 'name' }, headerRow: 1 },
    'POST /api/imports/{id}/commit': { mode: 'valid_only', mapping: { 姓名: 'name' } },
    'POST /api/imports/templates': { name: '另一个', mapping: { 姓名: 'name' }, headerRow: 1, jobId },
    'POST /api/policies': {
      year: 2026, effectiveFrom: '2026-01-01', monitoringLine: 8000, noticeDays: 5, timeLimit: 15, timeUnit: 'calendar', stabilityMonths: 6,
      categories: [{ code: 'marginal', zh: '边缘易致贫户', en: 'Marginal' }], riskTypes: [{ code: 'illness', zh: '因病', en: 'Illness' }],
      stepLimits: { visit: 2, comparison: 1, appraisal: 2, notice: 6, township_review: 2, county_approval: 2 }, holidays: ['2026-10-01'], workdays: ['2026-10-10'],
    },
    'POST /api/monitoring/cases': { householdId: hh.id, channel: 'hotline', clue: '来电反映因病致困', hotline: '12345' },
    'POST /api/monitoring/cases/{id}/{transition}': {
      version: 0, reason: '退回',
      visit: {
        visitedOn: '2026-01-05', householdId: hh.id, riskTypes: ['illness'], rigidSpendingUnresolved: false, note: '入户', authorisation: ['AAAAAAAAAAAAAAAAAAAAAA'], photos: [],
        problems: { food: false, education: false, medical: false, housing: false, water: false },
        income: { wages: 1, business: 0, property: 0, transfers: 0, insurancePayouts: 0, businessExpenses: 0, selfPaidMedical: 0, selfPaidSchooling: 0, selfPaidOther: 0, householdSize: 2 },
      },
      comparison: { finding: '无异常' },
      appraisal: { heldOn: '2026-01-06', participants: 20, result: 'agreed', votesFor: 20, votesAgainst: 0, note: '通过', minutes: ['AAAAAAAAAAAAAAAAAAAAAA'] },
      notice: { startOn: '2026-01-07', endOn: '2026-01-12', objections: [{ text: '异议', answer: '答复' }] },
      township: { opinion: '同意' },
      county: { category: 'marginal', riskTypes: ['illness'], opinion: '同意' },
    },
    'POST /api/monitoring/households/{id}/elimination': { kind: 'assisted', clue: '收入稳定' },
    'POST /api/assistance/catalogue': { countyCode: '140430', group: 'industry', name: '模糊测试项', sort: 10 },
    'PATCH /api/assistance/catalogue/{id}': { name: '改名', active: true, sort: 20 },
    'PATCH /api/assistance/settings': { countyCode: '140430', monitoredMonths: 1, exitedMonths: 3, leftBehindMonths: 1 },
    'POST /api/assistance/households/{id}/measures': {
      catalogueId: 1, riskType: 'illness', content: '产业奖补', startOn: '2026-01-01', endOn: '2026-12-31', amount: 100, department: '农业农村局', memberIds: [hh.members[0]!.id], doneOn: null,
    },
    'PATCH /api/assistance/measures/{id}': {
      catalogueId: 1, riskType: 'illness', content: '产业奖补', startOn: '2026-01-01', endOn: '2026-12-31', amount: 100, department: '农业农村局', memberIds: [hh.members[0]!.id], doneOn: null, version: 0,
    },
    'POST /api/assistance/assignments': { householdId: hh.id, helperId: user.id },
    'POST /api/assistance/households/{id}/visits': {
      clientId: '3b241101-e2bb-4255-8caf-4136c566a962', visitedOn: '2026-01-05', met: '户主', situation: '正常',
      changes: { income: '增加', health: '', schooling: '', housing: '', water: '' }, needs: '培训', newRisk: { clue: '因病' },
    },
    'POST /api/monitoring/households/{id}/income': {
      recordedOn: '2026-01-05',
      income: { wages: 1, business: 0, property: 0, transfers: 0, insurancePayouts: 0, businessExpenses: 0, selfPaidMedical: 0, selfPaidSchooling: 0, selfPaidOther: 0, householdSize: 2 },
    },
    'POST /api/welfare-posts': { villageCode: VILLAGE, postType: 'cleaner', name: '保洁员', monthlySubsidy: 500, places: 2, startsOn: '2026-01-01', endsOn: null },
    'POST /api/welfare-posts/{id}/hires': { memberId: hh.members[0]!.id, hiredOn: '2026-01-05' },
    'POST /api/welfare-posts/hires/{id}/exit': { exitedOn: '2026-02-01', reason: '外出务工' },
    'POST /api/welfare-posts/{id}/pay': { month: '2026-01', items: [{ hireId: 1, amount: 500 }] },
    'POST /api/microcredit/loans': {
      householdId: hh.id, memberId: hh.members[0]!.id, bank: '农商银行', amount: 30000, termMonths: 24, rate: 4.35, subsidized: true, subsidyRate: 4.35, purpose: '养殖', issuedOn: '2026-01-05',
    },
    'POST /api/microcredit/settings': { maxAmount: 50000, maxTermMonths: 36 },
    'POST /api/microcredit/loans/{id}/repayments': { paidOn: '2026-02-01', principal: 1000, interest: 50 },
    'POST /api/microcredit/loans/{id}/extension': { newDueOn: '2028-06-30', reason: '受灾减产' },
    'POST /api/apply': { name: '王五', idNumber: makeId(), phone: '13800000000', villageCode: VILLAGE, description: '大病', consent: true },
    'POST /api/apply/lookup': { caseNo: 'JC-140430-2026-000001', idNumber: makeId() },
    'PATCH /api/screening/datasets/{id}/mapping': { mapping: { 姓名: 'name' }, headerRow: 2 },
    'POST /api/screening/datasets/{id}/runs': { reviewThreshold: 0.7, autoThreshold: 0.98 },
    'PATCH /api/screening/rules/{rule}': { enabled: true, groups: ['exited'], dueDays: 10, params: { thresholdA: 10000 } },
    'POST /api/screening/rules/{rule}/preview': { enabled: true, groups: ['exited'], dueDays: 10, params: { thresholdA: 10000 } },
    'POST /api/screening/warnings/{id}/handle': { action: 'dismiss', reason: '已核实' },
  };

  await ctx.app.ready();
  const doc = ctx.app.swagger() as unknown as { paths: Record<string, Record<string, Json>> };
  const operations: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = (op.requestBody as { content?: Record<string, { schema: Json }> } | undefined)?.content;
      operations.push({ method: method.toUpperCase(), path, parameters: (op.parameters as Operation['parameters'] | undefined) ?? [], body: content?.['application/json']?.schema });
    }
  }
  assert.ok(operations.length >= 40, `the document lists the operations (${operations.length})`);

  // Every documented input is bounded: integers and numbers by both ends, strings by a length, a pattern, a format
  // or a list of values (an unbounded integer reached PostgreSQL as 9223372036854775808).
  const unbounded: string[] = [];
  const lint = (schema: unknown, at: string) => {
    if (!schema || typeof schema !== 'object') return;
    const o = schema as Json;
    if ((o.type === 'integer' || o.type === 'number') && (o.minimum === undefined || o.maximum === undefined)) unbounded.push(at);
    if (o.type === 'string' && o.maxLength === undefined && o.pattern === undefined && o.format === undefined && o.enum === undefined) unbounded.push(at);
    for (const [k, v] of Object.entries(o)) {
      if (k === 'properties') for (const [p, ps] of Object.entries(v as Json)) lint(ps, `${at}.${p}`);
      else if (k === 'propertyNames' || k === 'additionalProperties' || k === 'items') lint(v, `${at}[${k}]`);
      else if (k === 'anyOf' || k === 'allOf' || k === 'oneOf') (v as unknown[]).forEach((x) => lint(x, at));
    }
  };
  for (const op of operations) {
    for (const p of op.parameters) lint(p.schema, `${op.method} ${op.path} ${p.in}.${p.name}`);
    if (op.body) lint(op.body, `${op.method} ${op.path} body`);
  }
  assert.deepEqual(unbounded, [], 'inputs without bounds');

  const problems: string[] = [];
  let sent = 0;
  let admin: Session = county;
  const baseline = await checksums();
  for (const op of operations) {
    // Signing out would end the session the rest of the run uses; it has no parameters or body to fuzz.
    if (op.path === '/api/auth/logout') continue;
    const key = `${op.method} ${op.path}`;
    const write = op.method !== 'GET';
    const body = op.body ? bodies[key] : undefined;
    if (op.body && body === undefined && op.path !== '/api/imports') {
      problems.push(`${key}: the fuzz test has no valid body for it (add one)`);
      continue;
    }
    const bodyCheck: ValidateFunction | undefined = op.body && body !== undefined ? strict.compile(jsonSchema(op.body) as Json) : undefined;
    if (bodyCheck && !bodyCheck(structuredClone(body))) problems.push(`${key}: its valid body is not valid: ${JSON.stringify(bodyCheck.errors)}`);
    const params: Record<string, string> = {};
    for (const p of op.parameters) if (p.in === 'path') params[p.name] = pathValue(op.path, p.name);
    const query: Record<string, string> = {};
    for (const p of op.parameters) if (p.in === 'query' && p.required) query[p.name] = p.name === 'date' ? '2024-01-01' : p.name === 'villageCode' ? VILLAGE : '新';
    const paramCheck = text.compile({
      type: 'object',
      properties: Object.fromEntries(op.parameters.map((p) => [`${p.in}:${p.name}`, jsonSchema(p.schema)])),
    });
    const url = (pp: Record<string, string>, qs: string) => op.path.replace(/\{(\w+)\}/g, (_, n: string) => pp[n]!) + (qs ? `?${qs}` : '');
    const qsOf = (q: Record<string, string | string[]>) =>
      Object.entries(q).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`)).join('&');

    // Anonymous requests are refused before their input is read, but for the public operations (sign-in): those get
    // every value anonymously, the others a sample (every fifth), to keep the run short.
    const isPublic = op.path === '/api/auth/login' || op.path === '/api/auth/activate' || op.path === '/api/health';
    let count = 0;
    const send = async (u: string, payload: unknown, label: string) => {
      const anonymous = isPublic || count++ % 5 === 0;
      for (const who of anonymous ? (['admin', 'anonymous'] as const) : (['admin'] as const)) {
        const headers: Record<string, string> = who === 'admin' ? { cookie: admin.cookie, 'x-csrf-token': admin.csrf } : {};
        if (payload !== undefined) headers['content-type'] = 'application/json';
        let r: LightMyRequestResponse;
        try {
          const raw = payload === DEEP_BODY ? DEEP_BODY : JSON.stringify(payload);
          r = await ctx.app.inject({ method: op.method as 'GET', url: u, headers, ...(payload !== undefined ? { payload: raw } : {}) });
        } catch (err) {
          problems.push(`${key} ${label} (${who}): the request failed: ${String(err)}`);
          continue;
        }
        sent++;
        if (r.statusCode >= 500) problems.push(`${key} ${label} (${who}): ${r.statusCode} ${r.body.slice(0, 200)}`);
        else if (write && r.statusCode < 400) problems.push(`${key} ${label} (${who}): accepted (${r.statusCode}) ${r.body.slice(0, 200)}`);
      }
    };

    // Parameters: one at a time, the others valid.
    for (const p of op.parameters) {
      for (const v of TEXT_VALUES) {
        const decoded = (() => {
          try {
            return decodeURIComponent(v);
          } catch {
            return v;
          }
        })();
        // Not valid UTF-8 (%ED%A0%80 is an encoded surrogate): a bad value whatever it decodes to.
        const unstorable = hasUnstorableChar(decoded) || decoded.includes('\ufffd') || v.includes('%C0') || v.includes('%FF') || v.includes('%ED');
        if (write && !unstorable && paramCheck({ [`${p.in}:${p.name}`]: decoded })) continue;
        if (p.in === 'path') await send(url({ ...params, [p.name]: v }, qsOf(query)), body, `${p.name}=${v.slice(0, 30)}`);
        else await send(url(params, qsOf({ ...query, [p.name]: v })), body, `${p.name}=${v.slice(0, 30)}`);
      }
      if (p.in === 'query') {
        await send(url(params, qsOf({ ...query, [p.name]: ['1', '2'] })), body, `${p.name} twice`);
        await send(url(params, `${qsOf(query)}&${p.name}[a]=1`), body, `${p.name}[a]`);
      }
    }
    // Body fields: one at a time, the rest of the valid body around it; then bodies that are no object at all.
    if (op.body && body !== undefined) {
      for (const field of fieldPaths(op.body)) {
        for (const v of BODY_VALUES) {
          const candidate = withValue(body, field, v);
          const unstorable = typeof v === 'string' && hasUnstorableChar(v);
          if (write && !unstorable && bodyCheck!(structuredClone(candidate))) continue;
          await send(url(params, qsOf(query)), candidate, `${field.join('.')}=${JSON.stringify(v)?.slice(0, 30)}`);
        }
      }
      for (const v of [null, [], 'text', 1, { ...(body as Json), '\u0000': 1 }, DEEP_BODY]) await send(url(params, qsOf(query)), v, `body=${String(JSON.stringify(v)).slice(0, 30)}`);
    } else {
      await send(url(params, qsOf(query)), write ? { '\u0000': '\ud800' } : undefined, 'no fields');
    }
    // A refused request must not end the session it came with (a sign-in that reaches its handler ends the old one),
    // and the rest of the run must not go on as an anonymous user without noticing.
    if ((await as(ctx.app, admin, 'GET', '/api/auth/me')).statusCode !== 200) {
      problems.push(`${key}: the admin's session ended`);
      admin = await login(ctx.app, county.user.username);
    }
    const now = await checksums();
    for (const [table, hash] of Object.entries(now)) if (hash !== baseline[table]) problems.push(`${key}: table ${table} changed`);
    Object.assign(baseline, now);
  }
  assert.equal(problems.length, 0, `${problems.length} problems in ${sent} requests:\n${problems.slice(0, 300).join('\n')}`);
  console.log(`fuzz: ${sent} requests on ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
