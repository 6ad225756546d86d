import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { errorResponses } from '../../server/schemas.js';
import { assertInScope } from '../../core/scope.js';
import { chinaDay, nowOf } from '../../core/clock.js';
import { createPolicy, type PolicyInput } from './create-policy.js';
import { listPolicies, policyInForce } from './repo.js';
import { CreatePolicyBody, InForceQuery, Policy } from './schemas.js';

export async function policyRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/policies',
    {
      config: { auth: { permission: 'policy.read' } },
      schema: { tags: ['policy'], summary: 'Every policy version governing or inside the caller’s area', response: { 200: Type.Array(Policy), ...errorResponses } },
    },
    async (req) => listPolicies(deps.db, actorOf(req).user),
  );

  app.get(
    '/api/policies/in-force',
    {
      config: { auth: { permission: 'policy.read' } },
      schema: {
        tags: ['policy'],
        summary: 'The policy in force for a place of the caller’s area (default: the caller’s own) on a day (default: today)',
        querystring: InForceQuery,
        response: { 200: Policy, ...errorResponses },
      },
    },
    async (req) => {
      const user = actorOf(req).user;
      const area = (req.query.areaCode ?? user.areaCode).padEnd(12, '0');
      assertInScope(area, user);
      return policyInForce(deps.db, area, req.query.date ?? chinaDay(nowOf(deps.config)));
    },
  );

  app.post(
    '/api/policies',
    {
      config: { auth: { permission: 'policy.manage' } },
      schema: {
        tags: ['policy'],
        summary: 'Publish a new version of the caller’s province or county policy (unset values: those in force)',
        body: CreatePolicyBody,
        response: { 200: Policy, ...errorResponses },
      },
    },
    async (req) => {
      const saved = await createPolicy(deps.db, actorOf(req), req.body as PolicyInput);
      req.audited = true;
      return saved;
    },
  );
}
