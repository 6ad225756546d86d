import { PassThrough } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, SessionUser } from '../../server/context.js';
import { assertInScope, LEVEL_PREFIX } from '../../core/scope.js';
import { XlsxWriter } from '../../core/xlsx-writer.js';
import { recordAudit } from '../audit/repo.js';
import { AppError } from './errors.js';
import { areaNamesOf, candidates, getPost, hiresOfPost, listPosts, reportFigures, type HireRow, type PostRow } from './repo.js';
import { hireRefusal, monthsBetween, WELFARE_POST_TYPE_LABELS, type WelfarePostType } from './rules.js';

/** The reads of the public-welfare posts: list, a post with its people, the hire dialog's candidates, the report. */

export function postDto(p: PostRow) {
  return {
    id: p.id,
    villageCode: p.village_code,
    villageName: p.village_name,
    townshipName: p.township_name,
    postType: p.post_type as WelfarePostType,
    name: p.name,
    monthlySubsidy: Number(p.monthly_subsidy),
    places: p.places,
    onPost: p.on_post,
    freePlaces: Math.max(0, p.places - p.on_post),
    startsOn: p.starts_on,
    endsOn: p.ends_on,
  };
}

export function hireDto(h: HireRow) {
  return {
    id: h.id,
    postId: h.post_id,
    memberId: h.member_id,
    householdId: h.household_id,
    householdNo: h.household_no,
    name: h.name,
    idMasked: h.id_masked,
    gender: h.gender,
    labourCapacity: h.labour_capacity,
    hiredOn: h.hired_on,
    exitedOn: h.exited_on,
    exitReason: h.exit_reason,
  };
}

export async function postList(db: Kysely<DB>, user: SessionUser, f: { areaCode?: string | undefined; postType?: string | undefined; page: number; pageSize: number }) {
  if (f.areaCode) assertInScope(f.areaCode.padEnd(12, '0'), user);
  const { items, total } = await listPosts(db, user, f);
  return { items: items.map(postDto), total, page: f.page, pageSize: f.pageSize };
}

export async function postDetail(db: Kysely<DB>, user: SessionUser, id: number) {
  const post = await getPost(db, user, id);
  return { ...postDto(post), hires: (await hiresOfPost(db, id)).map(hireDto) };
}

/** The members of the post's village, each with what would refuse him (null: he can be hired). */
export async function hireCandidates(db: Kysely<DB>, user: SessionUser, postId: number, q: string | undefined) {
  const post = await getPost(db, user, postId);
  const rows = await candidates(db, post.village_code, q?.trim() || undefined);
  return rows.map((r) => {
    const refusal = hireRefusal({ status: r.status, labourCapacity: r.labour_capacity, category: r.category, monitored: r.monitored });
    return {
      memberId: r.id,
      name: r.name,
      idMasked: r.id_masked,
      gender: r.gender,
      birthDate: r.birth_date,
      labourCapacity: r.labour_capacity,
      householdNo: r.household_no,
      category: r.category,
      monitored: r.monitored,
      postName: r.post_name,
      refusal: refusal?.code ?? (r.post_name ? 'WP_ALREADY_ON_POST' : null),
    };
  });
}

/** The level a user's report is grouped by: the next level down (a village user: his village). */
function groupLength(user: SessionUser): number {
  return LEVEL_PREFIX[Math.min(user.areaLevel + 1, 5)]!;
}

export async function report(db: Kysely<DB>, user: SessionUser, from: string, to: string) {
  if (from > to) throw new AppError('WP_INVALID', { field: 'from', reasonZh: '开始月份不能晚于结束月份', reasonEn: 'the first month is after the last' });
  const months = monthsBetween(from, to);
  if (months.length > 36) throw new AppError('WP_INVALID', { field: 'to', reasonZh: '最多 36 个月', reasonEn: 'at most 36 months' });
  const len = groupLength(user);
  const { posts, monthly } = await reportFigures(db, user, len, from, to);
  const areas = [...new Set([...posts.map((p) => p.area), ...monthly.map((m) => m.area)])].sort();
  const names = await areaNamesOf(db, areas.map((a) => a.padEnd(12, '0')));
  const rows = areas.map((area) => {
    const p = posts.find((x) => x.area === area);
    const cells = months.map((month) => {
      const c = monthly.find((m) => m.area === area && m.month === month);
      return { month, people: c?.people ?? 0, pay: Number(c?.pay ?? 0) };
    });
    return {
      areaCode: area.padEnd(12, '0'),
      areaName: names.get(area.padEnd(12, '0')) ?? area,
      posts: p?.posts ?? 0,
      places: p?.places ?? 0,
      onPost: p?.on_post ?? 0,
      months: cells,
      payTotal: round2(cells.reduce((s, c) => s + c.pay, 0)),
    };
  });
  const total = {
    posts: sum(rows.map((r) => r.posts)),
    places: sum(rows.map((r) => r.places)),
    onPost: sum(rows.map((r) => r.onPost)),
    months: months.map((month, i) => ({ month, people: sum(rows.map((r) => r.months[i]!.people)), pay: round2(sum(rows.map((r) => r.months[i]!.pay))) })),
    payTotal: round2(sum(rows.map((r) => r.payTotal))),
  };
  return { from, to, months, rows, total };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** The report as an .xlsx workbook (in memory: one row per township or village), audited. */
export async function reportXlsx(db: Kysely<DB>, actor: Actor, from: string, to: string): Promise<Buffer> {
  const r = await report(db, actor.user, from, to);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const w = new XlsxWriter(out);
  const sheet = await w.addSheet('公益岗位', { frozenRows: 2, widths: { 0: 20 } });
  await sheet.writeRow(1, [`公益岗位报表 ${from} 至 ${to}`]);
  await sheet.writeRow(2, ['区域', '岗位数', '名额', '在岗人数', ...r.months.flatMap((m) => [`${m} 在岗`, `${m} 发放（元）`]), '发放合计（元）']);
  let n = 3;
  for (const row of r.rows) {
    await sheet.writeRow(n++, [row.areaName, row.posts, row.places, row.onPost, ...row.months.flatMap((m) => [m.people, m.pay]), row.payTotal]);
  }
  await sheet.writeRow(n, ['合计', r.total.posts, r.total.places, r.total.onPost, ...r.total.months.flatMap((m) => [m.people, m.pay]), r.total.payTotal]);
  await sheet.end();
  await w.finish();
  const ended = new Promise((resolve) => out.on('end', resolve));
  out.end();
  await ended;
  await recordAudit(db, {
    userId: actor.user.id, username: actor.user.username, areaCode: actor.user.areaCode, ip: actor.ip,
    action: 'welfare_posts.export', targetType: 'welfare_posts_report', targetId: `${from}..${to}`, detail: { from, to, rows: r.rows.length },
  });
  return Buffer.concat(chunks);
}

export { WELFARE_POST_TYPE_LABELS };
