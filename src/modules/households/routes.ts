import { Type } from 'typebox';
import type { App } from '../../server/types.js';
import type { AppDeps } from '../../server/deps.js';
import { actorOf } from '../../server/auth-hooks.js';
import { BigId, DateString, errorResponses, RowId } from '../../server/schemas.js';
import { getHousehold } from './repo/households.js';
import { householdAsOf, householdHistory } from './repo/history.js';
import { listHouseholds, type HouseholdFilter } from './repo/search.js';
import { registrySummaryCached } from './repo/summary.js';
import { createHousehold } from './create-household.js';
import { updateHousehold } from './update-household.js';
import { addMember } from './add-member.js';
import { updateMember } from './update-member.js';
import { removeMember } from './remove-member.js';
import { revealIdNumber } from './reveal-id.js';
import { nextHouseholdNo } from './next-number.js';
import { CreateHouseholdBody, HistoryEntry, Household, HouseholdPage, ListQuery, MemberBody, RegistrySummary, UpdateHouseholdBody } from './schemas.js';

// households and members have bigserial ids.
const Id = Type.Object({ id: BigId() });
const MemberParams = Type.Object({ id: BigId(), memberId: BigId() });
const conflict = { 409: Type.Ref('ErrorBody') };

export async function householdsRoutes(app: App, deps: AppDeps) {
  const { db, cipher } = deps;

  app.get('/api/households', {
    config: { auth: { permission: 'registry.read' } },
    schema: { tags: ['registry'], summary: 'Search households in scope (name, pinyin, initials, ID number, household number, filters)', querystring: ListQuery, response: { 200: HouseholdPage, ...errorResponses } },
  }, async (req) => {
    const { page = 1, pageSize = 20, ...rest } = req.query;
    // qIsHouseholdNo is the search's own conclusion (resolveTerm), never a request's.
    return listHouseholds(db, cipher, actorOf(req).user, { ...rest, qIsHouseholdNo: undefined, page, pageSize } as HouseholdFilter);
  });

  // Static paths: Fastify prefers them over /api/households/:id.
  app.get('/api/households/summary', {
    config: { auth: { permission: 'registry.read' } },
    schema: { tags: ['registry'], summary: 'The registry of the user’s area in figures: households, members, exited and monitored households, flags', response: { 200: RegistrySummary, ...errorResponses } },
  }, async (req) => registrySummaryCached(db, actorOf(req).user));

  app.get('/api/households/next-number', {
    config: { auth: { permission: 'registry.write' } },
    schema: {
      tags: ['registry'],
      summary: 'The next household number of a village (its code and a four-digit serial), suggested by the form for a new household',
      querystring: Type.Object({ villageCode: Type.String({ pattern: '^\\d{12}$' }) }),
      response: { 200: Type.Object({ householdNo: Type.String() }), ...errorResponses },
    },
  }, async (req) => ({ householdNo: await nextHouseholdNo(db, actorOf(req), req.query.villageCode) }));

  app.get('/api/households/:id', {
    config: { auth: { permission: 'registry.read' } },
    schema: { tags: ['registry'], params: Id, response: { 200: Household, ...errorResponses } },
  }, async (req) => getHousehold(db, actorOf(req).user, req.params.id));

  app.post('/api/households', {
    config: { auth: { permission: 'registry.write' } },
    schema: { tags: ['registry'], summary: 'Register a household with its members', body: CreateHouseholdBody, response: { 200: Household, ...errorResponses, ...conflict } },
  }, async (req) => {
    const r = await createHousehold(db, cipher, actorOf(req), req.body);
    req.audited = true;
    return r;
  });

  app.patch('/api/households/:id', {
    config: { auth: { permission: 'registry.write' } },
    schema: { tags: ['registry'], params: Id, body: Type.Intersect([UpdateHouseholdBody, Type.Object({ version: RowId() })]), response: { 200: Household, ...errorResponses, ...conflict } },
  }, async (req) => {
    const r = await updateHousehold(db, cipher, actorOf(req), req.params.id, req.body);
    req.audited = true;
    return r;
  });

  app.post('/api/households/:id/members', {
    config: { auth: { permission: 'registry.write' } },
    schema: { tags: ['registry'], params: Id, body: MemberBody, response: { 200: Household, ...errorResponses, ...conflict } },
  }, async (req) => {
    const r = await addMember(db, cipher, actorOf(req), req.params.id, req.body);
    req.audited = true;
    return r;
  });

  app.patch('/api/households/:id/members/:memberId', {
    config: { auth: { permission: 'registry.write' } },
    schema: { tags: ['registry'], params: MemberParams, body: Type.Partial(MemberBody), response: { 200: Household, ...errorResponses, ...conflict } },
  }, async (req) => {
    const r = await updateMember(db, cipher, actorOf(req), req.params.id, req.params.memberId, req.body);
    req.audited = true;
    return r;
  });

  app.post('/api/households/:id/members/:memberId/remove', {
    config: { auth: { permission: 'registry.write' } },
    schema: {
      tags: ['registry'],
      summary: 'A member leaves (death, marriage, hukou moved): kept in history with date and reason',
      params: MemberParams,
      body: Type.Object({
        status: Type.Union([Type.Literal('deceased'), Type.Literal('moved_out'), Type.Literal('married_out'), Type.Literal('other')]),
        date: DateString(),
        reason: Type.String({ minLength: 1, maxLength: 200 }),
        newHeadMemberId: Type.Optional(BigId()),
      }),
      response: { 200: Household, ...errorResponses, ...conflict },
    },
  }, async (req) => {
    const r = await removeMember(db, actorOf(req), req.params.id, req.params.memberId, req.body);
    req.audited = true;
    return r;
  });

  app.post('/api/households/:id/members/:memberId/reveal-id', {
    config: { auth: { permission: 'registry.viewFullId' } },
    schema: { tags: ['registry'], summary: 'The full ID number (audited)', params: MemberParams, response: { 200: Type.Object({ idNumber: Type.String() }), ...errorResponses } },
  }, async (req) => {
    const r = await revealIdNumber(db, cipher, actorOf(req), req.params.id, req.params.memberId);
    req.audited = true;
    return r;
  });

  app.get('/api/households/:id/history', {
    config: { auth: { permission: 'registry.read' } },
    schema: {
      tags: ['registry'], params: Id,
      response: { 200: Type.Array(HistoryEntry), ...errorResponses },
    },
  }, async (req) => householdHistory(db, actorOf(req).user, req.params.id));

  app.get('/api/households/:id/as-of', {
    config: { auth: { permission: 'registry.read' } },
    schema: {
      tags: ['registry'], summary: 'The household as it was at the end of a date', params: Id,
      querystring: Type.Object({ date: DateString() }),
      response: { 200: Type.Object({ asOf: Type.String(), snapshot: Type.Unknown() }), ...errorResponses },
    },
  }, async (req) => householdAsOf(db, actorOf(req).user, req.params.id, req.query.date));
}
