import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../server/context.js';
import { AppError } from './errors.js';
import { getPost, hireName, insertPay, payOf, paySheet } from './repo.js';
import { monthBounds } from './rules.js';
import { recordActorAudit as audit } from '../audit/actor.js';

export interface PayItem {
  hireId: number;
  amount: number;
  reason?: string | undefined;
}

/** The pay sheet of a post for a month: the people on post that month and what each was paid. */
export async function getPaySheet(db: Kysely<DB>, actor: Actor, postId: number, month: string) {
  const post = await getPost(db, actor.user, postId);
  const { first, last } = monthBounds(month);
  const rows = await paySheet(db, postId, first, last, month);
  return {
    postId,
    month,
    monthlySubsidy: Number(post.monthly_subsidy),
    items: rows.map((r) => ({
      hireId: r.id,
      memberId: r.member_id,
      name: r.name,
      idMasked: r.id_masked,
      householdNo: r.household_no,
      hiredOn: r.hired_on,
      exitedOn: r.exited_on,
      paid: r.pay_id != null,
      amount: r.amount == null ? null : Number(r.amount),
      reason: r.over_reason ?? null,
    })),
  };
}

/**
 * Records a month's pay of a post, all lines or none. A line already recorded with the same amount is left as it is
 * (sending the sheet again changes nothing); with another amount it is refused (one pay per person, post and month).
 * An amount above the post's subsidy needs a reason; the person must have been on the post that month; the month is
 * not in the future.
 */
export async function recordPay(db: Kysely<DB>, actor: Actor, postId: number, month: string, items: PayItem[], today: string) {
  if (month > today.slice(0, 7)) throw new AppError('WP_INVALID', { field: 'month', reasonZh: '不能晚于本月', reasonEn: 'cannot be after this month' });
  const ids = items.map((i) => i.hireId);
  if (new Set(ids).size !== ids.length) throw new AppError('WP_INVALID', { field: 'items', reasonZh: '同一人重复出现', reasonEn: 'a person appears twice' });
  const created: number[] = [];
  await db.transaction().execute(async (trx) => {
    const post = await getPost(trx, actor.user, postId, true);
    const subsidy = Number(post.monthly_subsidy);
    const { first, last } = monthBounds(month);
    const onPost = new Map((await paySheet(trx, postId, first, last, month)).map((r) => [r.id, r]));
    for (const item of items) {
      const h = onPost.get(item.hireId);
      if (!h) {
        const name = await hireName(trx, item.hireId, postId);
        if (!name) throw new AppError('WP_HIRE_NOT_FOUND');
        throw new AppError('WP_PAY_MONTH_OUTSIDE', { name: name.name, month });
      }
      if (Math.abs(Math.round(item.amount * 100) - item.amount * 100) > 1e-6) {
        throw new AppError('WP_INVALID', { field: 'amount', reasonZh: '最多两位小数', reasonEn: 'at most 2 decimals' });
      }
      const reason = item.reason?.trim() || null;
      if (item.amount > subsidy && !reason) throw new AppError('WP_PAY_OVER_SUBSIDY', { name: h.name, amount: item.amount, subsidy });
      const existing = await payOf(trx, item.hireId, month);
      if (existing) {
        if (Number(existing.amount) !== item.amount) throw new AppError('WP_PAY_CONFLICT', { name: h.name, month, amount: Number(existing.amount) });
        continue;
      }
      created.push(await insertPay(trx, { hireId: item.hireId, postId, villageCode: post.village_code, month, amount: item.amount, reason }, actor.user.id));
    }
    if (created.length) {
      await audit(trx, actor, 'welfare_posts.pay', 'welfare_post', postId, { month, lines: items.map((i) => ({ hireId: i.hireId, amount: i.amount })), created: created.length });
    }
  });
  return { created: created.length, sheet: await getPaySheet(db, actor, postId, month) };
}
