import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses } from '../../server/schemas.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { createPost, type PostInput } from './create-post.js';
import { exitHire } from './exit-hire.js';
import { hire } from './hire.js';
import { getPaySheet, recordPay } from './pay.js';
import { hireCandidates, hireDto, postDetail, postList, report, reportXlsx } from './views.js';
import {
  Candidate,
  CandidatesQuery,
  CreatePostBody,
  ExitBody,
  Hire,
  HireBody,
  HireParams,
  PayBody,
  PayQuery,
  PayResult,
  PaySheet,
  PostDetail,
  PostList,
  PostListQuery,
  PostParams,
  Report,
  ReportQuery,
} from './schemas.js';
import { Type } from 'typebox';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const conflict = { 409: { $ref: 'ErrorBody' } } as const;

export async function welfarePostRoutes(app: App, deps: AppDeps) {
  const tags = ['welfare-posts'];
  const { db } = deps;
  const today = () => chinaDay(nowOf(deps.config));
  /** The report's default months: this year up to this month. */
  const months = (q: { from?: string | undefined; to?: string | undefined }) => {
    const to = q.to ?? today().slice(0, 7);
    return { from: q.from ?? `${to.slice(0, 4)}-01`, to };
  };

  app.get(
    '/api/welfare-posts',
    {
      config: { auth: { permission: 'welfarePosts.read' } },
      schema: { tags, summary: 'Public-welfare posts of the caller’s area (by village, type)', querystring: PostListQuery, response: { 200: PostList, ...errorResponses } },
    },
    async (req) => postList(db, actorOf(req).user, { ...req.query, page: req.query.page ?? 1, pageSize: req.query.pageSize ?? 20 }),
  );

  app.post(
    '/api/welfare-posts',
    {
      config: { auth: { permission: 'welfarePosts.manage' } },
      schema: { tags, summary: 'Set up a post in a village', body: CreatePostBody, response: { 200: PostDetail, ...errorResponses } },
    },
    async (req) => {
      const post = await createPost(db, actorOf(req), req.body as PostInput);
      req.audited = true;
      return postDetail(db, actorOf(req).user, post.id);
    },
  );

  app.get(
    '/api/welfare-posts/report',
    {
      config: { auth: { permission: 'welfarePosts.read' } },
      schema: { tags, summary: 'Posts, people on post and pay per month, by township (county) or village (township)', querystring: ReportQuery, response: { 200: Report, ...errorResponses } },
    },
    async (req) => {
      const m = months(req.query);
      return report(db, actorOf(req).user, m.from, m.to);
    },
  );

  app.get(
    '/api/welfare-posts/report.xlsx',
    {
      config: { auth: { permission: 'welfarePosts.read' } },
      schema: {
        tags,
        summary: 'The report as .xlsx (audited)',
        querystring: ReportQuery,
        response: { 200: { description: 'The .xlsx workbook', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } }, ...errorResponses },
      },
    },
    async (req, reply) => {
      const m = months(req.query);
      const body = await reportXlsx(db, actorOf(req), m.from, m.to);
      req.audited = true;
      const name = `公益岗位报表-${m.from}-${m.to}.xlsx`;
      return reply
        .header('Content-Type', XLSX)
        .header('Content-Disposition', `attachment; filename="welfare-posts-${m.from}-${m.to}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(body);
    },
  );

  app.get(
    '/api/welfare-posts/:id',
    {
      config: { auth: { permission: 'welfarePosts.read' } },
      schema: { tags, summary: 'A post with the people hired on it (on post first)', params: PostParams, response: { 200: PostDetail, ...errorResponses } },
    },
    async (req) => postDetail(db, actorOf(req).user, req.params.id),
  );

  app.get(
    '/api/welfare-posts/:id/candidates',
    {
      config: { auth: { permission: 'welfarePosts.manage' } },
      schema: {
        tags,
        summary: 'Members of the post’s village for the hire dialog, each with the rule that would refuse him',
        params: PostParams,
        querystring: CandidatesQuery,
        response: { 200: Type.Array(Candidate), ...errorResponses },
      },
    },
    async (req) => hireCandidates(db, actorOf(req).user, req.params.id, req.query.q),
  );

  app.post(
    '/api/welfare-posts/:id/hires',
    {
      config: { auth: { permission: 'welfarePosts.manage' } },
      schema: { tags, summary: 'Hire a member on the post (the rules: monitored or exited household, labour, one post, places)', params: PostParams, body: HireBody, response: { 200: Hire, ...errorResponses, ...conflict } },
    },
    async (req) => {
      const h = await hire(db, actorOf(req), req.params.id, req.body, today());
      req.audited = true;
      return hireDto(h);
    },
  );

  app.post(
    '/api/welfare-posts/hires/:id/exit',
    {
      config: { auth: { permission: 'welfarePosts.manage' } },
      schema: { tags, summary: 'End a hire with a reason (the place frees)', params: HireParams, body: ExitBody, response: { 200: Hire, ...errorResponses, ...conflict } },
    },
    async (req) => {
      const h = await exitHire(db, actorOf(req), req.params.id, req.body, today());
      req.audited = true;
      return hireDto(h);
    },
  );

  app.get(
    '/api/welfare-posts/:id/pay',
    {
      config: { auth: { permission: 'welfarePosts.read' } },
      schema: { tags, summary: 'The pay sheet of a month: the people on post that month and their pay', params: PostParams, querystring: PayQuery, response: { 200: PaySheet, ...errorResponses } },
    },
    async (req) => getPaySheet(db, actorOf(req), req.params.id, req.query.month),
  );

  app.post(
    '/api/welfare-posts/:id/pay',
    {
      config: { auth: { permission: 'welfarePosts.manage' } },
      schema: { tags, summary: 'Record a month’s pay (idempotent: a line already recorded with the same amount is kept)', params: PostParams, body: PayBody, response: { 200: PayResult, ...errorResponses, ...conflict } },
    },
    async (req) => {
      const r = await recordPay(db, actorOf(req), req.params.id, req.body.month, req.body.items, today());
      req.audited = true;
      return r;
    },
  );
}
