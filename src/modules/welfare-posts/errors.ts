import { defineErrors } from '../../core/errors.js';

/** Public-welfare posts: this module's error codes, one per refusal. */
export const WELFARE_POST_ERRORS = defineErrors({
  WP_INVALID: { status: 400, zh: '“{field}”填写有误：{reasonZh}', en: 'Field "{field}" is invalid: {reasonEn}' },
  WP_POST_NOT_FOUND: { status: 404, zh: '公益岗位不存在', en: 'No such public-welfare post' },
  WP_HIRE_NOT_FOUND: { status: 404, zh: '上岗记录不存在', en: 'No such hire' },
  WP_MEMBER_NOT_FOUND: { status: 404, zh: '人员不存在', en: 'No such member' },
  WP_MEMBER_OTHER_VILLAGE: { status: 409, zh: '该人员不属于本岗位所在村', en: 'The member does not belong to the post’s village' },
  WP_MEMBER_INACTIVE: { status: 409, zh: '该人员已不在户（死亡、迁出等），不能上岗', en: 'The member is no longer in the household (deceased, moved out…) and cannot be hired' },
  WP_HOUSEHOLD_NOT_ELIGIBLE: {
    status: 409,
    zh: '该户不是监测户或脱贫户，不能安排公益岗位',
    en: 'The household is neither monitored nor an exited household: no public-welfare post',
  },
  WP_LABOUR_INSUFFICIENT: {
    status: 409,
    zh: '该人员劳动能力为“{labourZh}”，须为弱劳动力或以上',
    en: 'The member’s labour capacity is "{labourEn}": weak labour or better is required',
  },
  WP_ALREADY_ON_POST: { status: 409, zh: '该人员已在公益岗位“{postName}”上岗，一人只能在一个岗位', en: 'The member already holds the post "{postName}": one post per person' },
  WP_PLACES_FULL: { status: 409, zh: '该岗位 {places} 个名额已满', en: 'All {places} places of the post are taken' },
  WP_POST_NOT_OPEN: { status: 409, zh: '上岗日期不在岗位设置期限（{startsOn} 至 {endsOn}）内', en: 'The hire date is outside the post’s period ({startsOn} to {endsOn})' },
  WP_HIRE_EXITED: { status: 409, zh: '该人员已于 {exitedOn} 离岗', en: 'The member left the post on {exitedOn}' },
  WP_PAY_OVER_SUBSIDY: {
    status: 400,
    zh: '{name} 的发放金额 {amount} 元超过岗位补贴 {subsidy} 元，请填写原因',
    en: '{name}: {amount} yuan is more than the post’s subsidy of {subsidy} yuan; give a reason',
  },
  WP_PAY_MONTH_OUTSIDE: { status: 400, zh: '{name} 在 {month} 未在岗，不能发放', en: '{name} was not on the post in {month}: no pay' },
  WP_PAY_CONFLICT: {
    status: 409,
    zh: '{name} {month} 的补贴已登记为 {amount} 元，不能重复发放',
    en: '{name}’s pay for {month} is already recorded as {amount} yuan: it cannot be paid twice',
  },
} as const);

type WelfarePostErrors = typeof WELFARE_POST_ERRORS;
declare module '../../core/errors.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds this module's codes to ErrorCatalog
  interface ErrorCatalog extends WelfarePostErrors {}
}

export { AppError } from '../../core/errors.js';
