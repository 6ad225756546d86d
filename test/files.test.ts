import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { as, buildTestContext, login, makeUser, type Session, type TestContext } from './helpers/app.js';
import { attach, JPEG, PDF, PNG, uploadFile, WEBP } from './helpers/files.js';
import { householdNo, makeId } from './helpers/people.js';
import { importAreas } from '../src/modules/areas/import-areas.js';
import { claimAttachments } from '../src/modules/files/claim.js';
import { removeUnlinkedAttachments } from '../src/modules/files/housekeeping.js';
import '../src/modules/monitoring/file-purposes.js';

/**
 * Attachments on a real database: the type judged from the bytes, the size cap, empty and odd files, who may read an
 * attachment (the area, the uploader before it is linked; 404 alike otherwise), claiming ids inside a record's
 * transaction, a step refused for a bad id leaving the case as it was, and the housekeeping of unlinked uploads.
 */
const VILLAGE = '140430103207'; // 大桥沟村
const TOWNSHIP = '140430103';
let OTHER_VILLAGE = '';
let ctx: TestContext;
const s = {} as Record<'clerk' | 'otherClerk' | 'helper' | 'township' | 'otherTownship' | 'county' | 'otherCounty' | 'dept' | 'auditor', Session>;
const ids = {} as Record<'clerk' | 'otherClerk', number>;

const AUTH = 'monitoring.authorisation';
const PHOTO = 'monitoring.photo';
const MINUTES = 'monitoring.minutes';
const okProblems = { food: false, education: false, medical: false, housing: false, water: false };
const income = { wages: 3000, business: 0, property: 0, transfers: 1200, insurancePayouts: 0, businessExpenses: 0, selfPaidMedical: 0, selfPaidSchooling: 0, selfPaidOther: 0, householdSize: 2 };

async function count(): Promise<number> {
  return (await ctx.db.selectFrom('attachments').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
}

before(async () => {
  ctx = await buildTestContext({ FANGPIN_CLOCK: '2026-03-02T10:00:00+08:00' });
  await importAreas(ctx.db, null, '140431');
  OTHER_VILLAGE = (await ctx.db.selectFrom('areas').select('code').where('level', '=', 5).where('code', 'like', `${TOWNSHIP}%`).where('code', '!=', VILLAGE).limit(1).executeTakeFirstOrThrow()).code;
  const u = async (role: Parameters<typeof makeUser>[1]['role'], area: string) => {
    const made = await makeUser(ctx, { role, area });
    return { session: await login(ctx.app, made.username), id: made.id };
  };
  const clerk = await u('village_clerk', VILLAGE);
  const other = await u('village_clerk', OTHER_VILLAGE);
  s.clerk = clerk.session;
  ids.clerk = clerk.id;
  s.otherClerk = other.session;
  ids.otherClerk = other.id;
  s.helper = (await u('helper', VILLAGE)).session;
  s.township = (await u('township_reviewer', TOWNSHIP)).session;
  s.otherTownship = (await u('township_reviewer', '140430101')).session;
  s.county = (await u('county_reviewer', '140430')).session;
  s.otherCounty = (await u('county_reviewer', '140431')).session;
  s.dept = (await u('dept_officer', '140430')).session;
  s.auditor = (await u('auditor', '140430')).session;
});
after(() => ctx.close());

async function openCase(): Promise<{ id: number; version: number }> {
  const admin = await login(ctx.app, (await makeUser(ctx, { role: 'county_admin', area: '140430' })).username);
  const h = await as(ctx.app, admin, 'POST', '/api/households', {
    householdNo: householdNo(), villageCode: VILLAGE, category: 'exited', exitYear: 2019,
    members: [{ idNumber: makeId({ gender: 'M' }), name: '张三', relation: 'head', labourCapacity: 'normal' }],
  });
  assert.equal(h.statusCode, 200, h.body);
  const r = await as(ctx.app, s.clerk, 'POST', '/api/monitoring/cases', { householdId: h.json().id, channel: 'inspection', clue: '因病' });
  assert.equal(r.statusCode, 200, r.body);
  return { id: r.json().id, version: 0 };
}

const visit = (extra: object) => ({ visit: { visitedOn: '2026-03-02', income, problems: okProblems, riskTypes: ['illness'], ...extra } });

test('the type comes from the bytes: a PNG named .pdf is a PNG; text, an .exe, SVG or HTML named .jpg are refused and nothing is kept', async () => {
  let r = await uploadFile(ctx.app, s.clerk, { purpose: MINUTES, areaCode: VILLAGE }, { name: '会议记录.pdf', content: PNG, type: 'application/pdf' });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual({ name: r.json().name, type: r.json().type, size: r.json().size }, { name: '会议记录.pdf', type: 'image/png', size: PNG.length });
  assert.match(r.json().id, /^[A-Za-z0-9_-]{22}$/);
  const got = await as(ctx.app, s.clerk, 'GET', `/api/files/${r.json().id}`);
  assert.equal(got.statusCode, 200);
  assert.equal(got.headers['content-type'], 'image/png');
  assert.equal(got.headers['x-content-type-options'], 'nosniff');
  assert.match(String(got.headers['content-disposition']), /^inline; filename="[^"]*\.pdf\.png"; filename\*=UTF-8''%E4%BC%9A%E8%AE%AE%E8%AE%B0%E5%BD%95\.pdf\.png$/, 'saved with its real extension');
  assert.ok(got.rawPayload.equals(PNG), 'the same bytes back');

  for (const [purpose, content, type] of [[AUTH, JPEG, 'image/jpeg'], [AUTH, PDF, 'application/pdf'], [PHOTO, WEBP, 'image/webp']] as const) {
    r = await uploadFile(ctx.app, s.clerk, { purpose, areaCode: VILLAGE }, { name: 'x.bin', content });
    assert.equal(r.json().type, type, r.body);
  }
  r = await as(ctx.app, s.clerk, 'GET', `/api/files/${(await attach(ctx.app, s.clerk, AUTH, VILLAGE, { name: '承诺书.pdf', content: PDF })).toString()}`);
  assert.equal(r.headers['content-type'], 'application/pdf');
  assert.match(String(r.headers['content-disposition']), /^attachment; /, 'a PDF is a download');

  const before = await count();
  const refused: [string, string, Buffer][] = [
    [AUTH, 'photo.jpg', Buffer.from('这不是图片，只是文字')],
    [AUTH, 'setup.jpg', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)])],
    [PHOTO, 'a.jpg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    [AUTH, 'a.jpg', Buffer.from('<!doctype html><script>alert(1)</script>')],
    [AUTH, 'a.gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
    [PHOTO, '照片.jpg', PDF], // a photo must be an image
    [AUTH, 'pad.pdf', Buffer.concat([Buffer.from('   '), PDF])], // %PDF not at the start
  ];
  for (const [purpose, name, content] of refused) {
    r = await uploadFile(ctx.app, s.clerk, { purpose, areaCode: VILLAGE }, { name, content, type: 'image/jpeg' });
    assert.equal(r.statusCode, 415, `${name}: ${r.body}`);
    assert.equal(r.json().code, 'FILE_TYPE_NOT_ALLOWED');
  }
  assert.match(r.json().message, /授权承诺书只接受 JPEG\/PNG\/WebP\/PDF/);
  assert.equal(await count(), before, 'nothing stored from a refused file');
});

test('too large, empty, no file, not multipart, an unknown purpose, an area outside the uploader’s: refused, nothing stored', async () => {
  const before = await count();
  const saved = ctx.config.fileMaxBytes;
  ctx.config.fileMaxBytes = 1024 * 1024;
  try {
    const big = Buffer.concat([PNG, Buffer.alloc(1.5 * 1024 * 1024, 7)]);
    const r = await uploadFile(ctx.app, s.clerk, { purpose: PHOTO, areaCode: VILLAGE }, { name: 'big.png', content: big });
    assert.equal(r.statusCode, 413, r.body);
    assert.equal(r.json().code, 'FILE_TOO_LARGE');
    assert.match(r.json().message, /1 MB/);
    const exact = await uploadFile(ctx.app, s.clerk, { purpose: PHOTO, areaCode: VILLAGE }, { name: 'edge.png', content: Buffer.concat([PNG, Buffer.alloc(1024 * 1024 - PNG.length, 7)]) });
    assert.equal(exact.statusCode, 200, 'exactly the limit is accepted');
    await ctx.db.deleteFrom('attachments').where('token', '=', exact.json().id).execute();
  } finally {
    ctx.config.fileMaxBytes = saved;
  }
  let r = await uploadFile(ctx.app, s.clerk, { purpose: PHOTO, areaCode: VILLAGE }, { name: 'empty.jpg', content: Buffer.alloc(0) });
  assert.equal(r.json().code, 'FILE_EMPTY', r.body);
  r = await uploadFile(ctx.app, s.clerk, { purpose: PHOTO, areaCode: VILLAGE }, { name: 'a.png', content: PNG, field: 'other' });
  assert.equal(r.json().code, 'FILE_MISSING', r.body);
  r = await as(ctx.app, s.clerk, 'POST', `/api/files?purpose=${PHOTO}&areaCode=${VILLAGE}`, { file: 'x' });
  assert.equal(r.json().code, 'UNSUPPORTED_MEDIA_TYPE', r.body);
  r = await uploadFile(ctx.app, s.clerk, { purpose: 'nothing.here', areaCode: VILLAGE }, { name: 'a.png', content: PNG });
  assert.equal(r.json().code, 'FILE_PURPOSE_UNKNOWN', r.body);
  r = await uploadFile(ctx.app, s.clerk, { purpose: PHOTO, areaCode: OTHER_VILLAGE }, { name: 'a.png', content: PNG });
  assert.equal(r.json().code, 'OUT_OF_SCOPE', 'a file for another village');
  r = await uploadFile(ctx.app, s.county, { purpose: PHOTO, areaCode: '140430999999' }, { name: 'a.png', content: PNG });
  assert.equal(r.json().code, 'VALIDATION_FAILED', 'no such area');
  for (const who of [s.dept, s.auditor]) {
    r = await uploadFile(ctx.app, who, { purpose: PHOTO, areaCode: VILLAGE }, { name: 'a.png', content: PNG });
    assert.equal(r.json().code, 'FORBIDDEN', 'a department officer or auditor uploads nothing');
  }
  assert.equal(await count(), before);
});

test('odd file names are stored cleaned: no folders, NUL, lone surrogates or direction overrides; rare characters kept; the header stays one header', async () => {
  const cases: [string, string][] = [
    ['../../etc/passwd.png', 'passwd.png'],
    ['C:\\Users\\张\\照片.png', '照片.png'],
    ['a\u0000b.png', 'a_b.png'],
    ['\ud800x.png', '_x.png'],
    ['\u202egnp.exe', 'gnp.exe'],
    ['𠀀𪚥家.png', '𠀀𪚥家.png'],
    ['  ', 'file'],
    ['say "hi"; x=1.png', 'say "hi"; x=1.png'],
  ];
  for (const [sent, stored] of cases) {
    const r = await uploadFile(ctx.app, s.clerk, { purpose: PHOTO, areaCode: VILLAGE }, { name: sent, content: PNG });
    assert.equal(r.statusCode, 200, `${JSON.stringify(sent)}: ${r.body}`);
    assert.equal(r.json().name, stored, JSON.stringify(sent));
    const got = await as(ctx.app, s.clerk, 'GET', `/api/files/${r.json().id}`);
    const cd = String(got.headers['content-disposition']);
    assert.match(cd, /^inline; filename="[A-Za-z0-9._ -]*"; filename\*=UTF-8''[A-Za-z0-9._%~-]*$/, cd);
    assert.equal(decodeURIComponent(cd.split("UTF-8''")[1]!), stored.endsWith('.png') ? stored : `${stored}.png`);
  }
});

test('who reads an attachment: before it is linked only its uploader; then those whose area covers it; everyone else 404 alike', async () => {
  const c = await openCase();
  const id = await attach(ctx.app, s.clerk, AUTH, VILLAGE);
  const status = async (who: Session, token = id) => (await as(ctx.app, who, 'GET', `/api/files/${token}`)).statusCode;
  assert.equal(await status(s.clerk), 200);
  for (const who of [s.helper, s.township, s.county]) assert.equal(await status(who), 404, 'not linked yet: only the uploader');

  const r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/cases/${c.id}/recordVisit`, { version: c.version, ...visit({ authorisation: [id] }) });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().attachments, [{ id, name: '授权承诺书.png', type: 'image/png', size: PNG.length }]);
  for (const who of [s.clerk, s.helper, s.township, s.county, s.auditor]) assert.equal(await status(who), 200);
  const foreign = [await status(s.otherClerk), await status(s.otherTownship), await status(s.otherCounty), await status(s.otherCounty, 'AAAAAAAAAAAAAAAAAAAAAA')];
  assert.deepEqual(foreign, [404, 404, 404, 404], 'another village, township or county: the same answer as no such file');
  assert.equal(await status(s.dept), 403, 'a department officer has no access to attachments');
  assert.equal((await as(ctx.app, s.clerk, 'GET', '/api/files/1')).json().code, 'VALIDATION_FAILED', 'never the serial');
});

test('claiming ids: only the caller’s own uploads, of the record’s area and purpose, not linked elsewhere; in the caller’s transaction', async () => {
  const mine = await attach(ctx.app, s.clerk, AUTH, VILLAGE);
  const opts = { purpose: AUTH, areaCode: VILLAGE, userId: ids.clerk, linkTo: 'test:1', field: 'x.files' };
  const claim = (list: string[], o: Partial<typeof opts> & { min?: number } = {}) => ctx.db.transaction().execute((trx) => claimAttachments(trx, list, { ...opts, ...o }));
  const refused = async (p: Promise<unknown>, reason: RegExp) => {
    await assert.rejects(p, (e: { code: string; params: { reasonEn: string; field: string } }) => {
      assert.equal(e.code, 'ATTACHMENT_INVALID');
      assert.equal(e.params.field, 'x.files');
      assert.match(e.params.reasonEn, reason);
      return true;
    });
  };
  await refused(claim([mine], { userId: ids.otherClerk, areaCode: OTHER_VILLAGE }), /not uploaded by you/);
  await refused(claim([mine], { userId: ids.otherClerk }), /not uploaded by you/);
  await refused(claim([mine], { areaCode: OTHER_VILLAGE }), /not uploaded by you/);
  await refused(claim(['AAAAAAAAAAAAAAAAAAAAAA']), /not uploaded by you/);
  await refused(claim([mine], { purpose: PHOTO }), /another purpose/);
  await refused(claim([mine, mine]), /twice/);
  await refused(claim([], { min: 1 }), /at least 1/);
  // A refusal inside a transaction that fails later links nothing.
  await assert.rejects(ctx.db.transaction().execute(async (trx) => {
    await claimAttachments(trx, [mine], opts);
    throw new Error('the record could not be saved');
  }));
  assert.equal((await ctx.db.selectFrom('attachments').select('linked_to').where('token', '=', mine).executeTakeFirstOrThrow()).linked_to, null);

  assert.deepEqual((await claim([mine])).map((a) => a.id), [mine]);
  assert.deepEqual((await claim([mine])).map((a) => a.id), [mine], 'the same record again (a step recorded again): fine');
  await refused(claim([mine], { linkTo: 'test:2' }), /another record/);
  // Once linked, another clerk of the village may re-save the same record with it.
  const colleague = await makeUser(ctx, { role: 'village_clerk', area: VILLAGE });
  assert.equal((await claim([mine], { userId: colleague.id })).length, 1);
});

test('a step with a missing, foreign or wrong-purpose attachment is refused on its field; the case keeps its state; required ones are required', async () => {
  const c = await openCase();
  const foreign = await attach(ctx.app, s.otherClerk, AUTH, OTHER_VILLAGE);
  const photo = await attach(ctx.app, s.clerk, PHOTO, VILLAGE, { name: '照片.jpg', content: JPEG });
  const helperFile = await attach(ctx.app, s.helper, AUTH, VILLAGE);
  const post = (body: object) => as(ctx.app, s.clerk, 'POST', `/api/monitoring/cases/${c.id}/recordVisit`, { version: c.version, ...body });
  const tries: [object, string, string][] = [
    [visit({}), 'CASE_STEP_INVALID', 'visit.authorisation'],
    [visit({ authorisation: [] }), 'CASE_STEP_INVALID', 'visit.authorisation'],
    [visit({ authorisation: ['AAAAAAAAAAAAAAAAAAAAAA'] }), 'ATTACHMENT_INVALID', 'visit.authorisation'],
    [visit({ authorisation: [foreign] }), 'ATTACHMENT_INVALID', 'visit.authorisation'],
    [visit({ authorisation: [helperFile] }), 'ATTACHMENT_INVALID', 'visit.authorisation'],
    [visit({ authorisation: [photo] }), 'ATTACHMENT_INVALID', 'visit.authorisation'],
    [visit({ authorisation: [await attach(ctx.app, s.clerk, AUTH, VILLAGE)], photos: [foreign] }), 'ATTACHMENT_INVALID', 'visit.photos'],
    [visit({ authorisation: ['../etc/passwd'] }), 'VALIDATION_FAILED', 'authorisation'],
    [visit({ authorisation: [photo], photos: Array.from({ length: 10 }, () => photo) }), 'VALIDATION_FAILED', 'photos'],
  ];
  for (const [body, code, field] of tries) {
    const r = await post(body);
    assert.equal(r.json().code, code, `${JSON.stringify(body)}: ${r.body}`);
    assert.ok(r.body.includes(field), r.body);
  }
  const now = (await as(ctx.app, s.clerk, 'GET', `/api/monitoring/cases/${c.id}`)).json();
  assert.equal(now.state, 'visit');
  assert.equal(now.version, c.version);
  assert.equal(now.steps.visit, null);
  const linked = await ctx.db.selectFrom('attachments').select('token').where('linked_to', 'is not', null).where('token', 'in', [foreign, photo, helperFile]).execute();
  assert.deepEqual(linked, [], 'nothing linked by a refused step');

  const auth = await attach(ctx.app, s.clerk, AUTH, VILLAGE, { name: '承诺书.pdf', content: PDF });
  let r = await post(visit({ authorisation: [auth], photos: [photo] }));
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().steps.visit.authorisation, [auth]);
  assert.deepEqual(r.json().attachments.map((a: { id: string; type: string }) => [a.id, a.type]), [[auth, 'application/pdf'], [photo, 'image/jpeg']]);

  // The county compares; the appraisal needs its minutes.
  r = await as(ctx.app, s.county, 'POST', `/api/monitoring/cases/${c.id}/recordComparison`, { version: r.json().version, comparison: { finding: '无异常' } });
  assert.equal(r.statusCode, 200, r.body);
  const v = r.json().version;
  const appraisal = { heldOn: '2026-03-02', participants: 20, result: 'agreed' };
  r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/cases/${c.id}/recordAppraisal`, { version: v, appraisal });
  assert.equal(r.json().code, 'CASE_STEP_INVALID');
  assert.match(r.json().message, /appraisal\.minutes/);
  r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/cases/${c.id}/recordAppraisal`, { version: v, appraisal: { ...appraisal, minutes: [auth] } });
  assert.equal(r.json().code, 'ATTACHMENT_INVALID', 'the visit’s file is not the minutes');
  const minutes = await attach(ctx.app, s.clerk, MINUTES, VILLAGE, { name: '评议记录.pdf', content: PDF });
  r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/cases/${c.id}/recordAppraisal`, { version: v, appraisal: { ...appraisal, minutes: [minutes] } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().attachments.length, 3);
  const notice = await as(ctx.app, s.clerk, 'GET', `/api/monitoring/cases/${c.id}/notice`);
  assert.ok(!notice.body.includes(auth) && !notice.body.includes(minutes), 'the public notice cites no attachment');
});

test('housekeeping: uploads no record linked within a day are deleted; linked ones stay', async () => {
  const loose = await attach(ctx.app, s.clerk, PHOTO, VILLAGE);
  const c = await openCase();
  const kept = await attach(ctx.app, s.clerk, AUTH, VILLAGE);
  const r = await as(ctx.app, s.clerk, 'POST', `/api/monitoring/cases/${c.id}/recordVisit`, { version: c.version, ...visit({ authorisation: [kept] }) });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(await removeUnlinkedAttachments({ db: ctx.db, config: ctx.config }), 0, 'nothing is a day old yet');
  const saved = ctx.config.clock;
  ctx.config.clock = '2026-03-03T10:30:00+08:00';
  try {
    assert.ok((await removeUnlinkedAttachments({ db: ctx.db, config: ctx.config })) >= 1);
  } finally {
    ctx.config.clock = saved;
  }
  assert.equal((await as(ctx.app, s.clerk, 'GET', `/api/files/${loose}`)).statusCode, 404);
  assert.equal((await as(ctx.app, s.clerk, 'GET', `/api/files/${kept}`)).statusCode, 200);
  assert.equal(await ctx.db.selectFrom('attachments').select('token').where('linked_to', 'is', null).executeTakeFirst(), undefined);
});
