import { Type } from 'typebox';
import { BigId, DateString, INT32_MAX } from '../../server/schemas.js';
import { AttachmentId, AttachmentT } from '../files/schemas.js';
import { IncomeFormBody } from '../income/schemas.js';
import { CASE_STATES, CASE_TRANSITIONS } from './machine.js';

const Label = Type.Object({ zh: Type.String(), en: Type.String() });
const StateT = Type.Union(Object.keys(CASE_STATES).map((s) => Type.Literal(s)));
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Json = Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]);

export const CaseIdParams = Type.Object({ id: BigId() });
const TransitionName = Type.Union(CASE_TRANSITIONS.map((t) => Type.Literal(t)));
export const StepParams = Type.Object({ id: BigId(), transition: TransitionName });
export const HouseholdParams = Type.Object({ id: BigId() });

export const OpenCaseBody = Type.Object(
  {
    householdId: BigId(),
    channel: Type.Union([Type.Literal('inspection'), Type.Literal('hotline')]),
    clue: Text(2000),
    hotline: Type.Optional(Type.Union([Type.Literal('12317'), Type.Literal('12345')])),
  },
  { additionalProperties: false },
);

export const OpenEliminationBody = Type.Object(
  { kind: Type.Union([Type.Literal('assisted'), Type.Literal('natural')]), clue: Text(2000) },
  { additionalProperties: false },
);

export const Opened = Type.Object({ id: Type.Integer(), caseNo: Type.String() });

const Problems = Type.Object(
  { food: Type.Boolean(), education: Type.Boolean(), medical: Type.Boolean(), housing: Type.Boolean(), water: Type.Boolean() },
  { additionalProperties: false, description: '两不愁三保障 + 饮水安全: true = a problem' },
);

export const StepBody = Type.Object(
  {
    version: Type.Integer({ minimum: 0, maximum: INT32_MAX }),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    visit: Type.Optional(
      Type.Object(
        {
          visitedOn: DateString(),
          householdId: Type.Optional(BigId()),
          income: IncomeFormBody,
          problems: Problems,
          riskTypes: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 5, uniqueItems: true }),
          rigidSpendingUnresolved: Type.Optional(Type.Boolean()),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
          // Attachment ids (POST /api/files): the signed 授权承诺书 (required at identification) and up to 9 photos.
          authorisation: Type.Optional(Type.Array(AttachmentId(), { maxItems: 5, description: 'purpose monitoring.authorisation' })),
          photos: Type.Optional(Type.Array(AttachmentId(), { maxItems: 9, description: 'purpose monitoring.photo' })),
        },
        { additionalProperties: false },
      ),
    ),
    comparison: Type.Optional(Type.Object({ finding: Text(4000) }, { additionalProperties: false })),
    appraisal: Type.Optional(
      Type.Object(
        {
          heldOn: DateString(),
          participants: Type.Integer({ minimum: 1, maximum: 10000 }),
          result: Type.Union([Type.Literal('agreed'), Type.Literal('not_agreed')]),
          votesFor: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
          votesAgainst: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
          // Attachment ids (POST /api/files, purpose monitoring.minutes): the minutes, at least one.
          minutes: Type.Optional(Type.Array(AttachmentId(), { maxItems: 5, description: 'purpose monitoring.minutes' })),
        },
        { additionalProperties: false },
      ),
    ),
    notice: Type.Optional(
      Type.Object(
        {
          startOn: DateString(),
          endOn: DateString(),
          objections: Type.Array(Type.Object({ text: Text(1000), answer: Text(1000) }, { additionalProperties: false }), { maxItems: 100 }),
        },
        { additionalProperties: false },
      ),
    ),
    township: Type.Optional(Type.Object({ opinion: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false })),
    county: Type.Optional(
      Type.Object(
        {
          category: Type.Optional(Type.String({ maxLength: 40 })),
          riskTypes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 5, uniqueItems: true })),
          opinion: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Transition = Type.Object({
  transition: Type.String(),
  fromState: Type.String(),
  toState: Type.String(),
  at: Type.String(),
  by: Type.Union([Type.Null(), Type.String()]),
  role: Type.Union([Type.Null(), Type.String()]),
  reason: Type.Union([Type.Null(), Type.String()]),
});

export const CaseT = Type.Object({
  id: Type.Integer(),
  caseNo: Type.String(),
  kind: Type.String(),
  eliminationKind: Type.Union([Type.Null(), Type.String()]),
  channel: Type.String(),
  householdId: Type.Union([Type.Null(), Type.Integer()]),
  householdNo: Type.Union([Type.Null(), Type.String()]),
  headName: Type.Union([Type.Null(), Type.String()]),
  villageCode: Type.String(),
  villageName: Type.Union([Type.Null(), Type.String()]),
  townshipName: Type.Union([Type.Null(), Type.String()]),
  state: Type.String(),
  stateLabel: Label,
  version: Type.Integer(),
  clue: Type.String(),
  openedAt: Type.String(),
  dueOn: Type.String(),
  stepStartedOn: Type.String(),
  stepDueOn: Type.String(),
  urgency: Type.Union([Type.Literal('ok'), Type.Literal('due_soon'), Type.Literal('overdue')]),
  returnedReason: Type.Union([Type.Null(), Type.String()]),
  closedAt: Type.Union([Type.Null(), Type.String()]),
  outcome: Type.Union([Type.Null(), Type.String()]),
  policyId: Type.Integer(),
  steps: Type.Optional(
    Type.Object({ visit: Json, comparison: Json, appraisal: Json, notice: Json, township: Json, county: Json }),
  ),
  history: Type.Optional(Type.Array(Transition)),
  /** The attachments the steps cite (their ids in steps.visit.authorisation, .photos, steps.appraisal.minutes). */
  attachments: Type.Optional(Type.Array(AttachmentT)),
  allowedActions: Type.Optional(Type.Array(TransitionName, { description: 'The transitions the caller may take now (GET of one case)' })),
});

const Counts = Type.Object({ total: Type.Integer(), overdue: Type.Integer(), dueSoon: Type.Integer(), byState: Type.Record(Type.String(), Type.Integer()) });
const Page = { page: Type.Integer(), pageSize: Type.Integer() };
export const CaseList = Type.Object({ items: Type.Array(CaseT), ...Page, counts: Counts });
export const InboxQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export const AreaCaseList = Type.Object({
  items: Type.Array(CaseT),
  ...Page,
  counts: Counts,
  byPlace: Type.Array(Type.Object({ code: Type.String(), name: Type.Union([Type.Null(), Type.String()]), count: Type.Integer(), overdue: Type.Integer() })),
});
export const AreaCasesQuery = Type.Object({ state: Type.Optional(StateT), areaCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })), ...InboxQuery.properties });

const Code = Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() });
export const HouseholdStatus = Type.Object({
  householdId: Type.Integer(),
  householdNo: Type.String(),
  headName: Type.Union([Type.Null(), Type.String()]),
  registeredPoor: Type.Boolean(),
  state: Type.Union([Type.Literal('monitored'), Type.Literal('eliminated'), Type.Literal('not_monitored')]),
  underCase: Type.Union([Type.Null(), Type.Object({ id: Type.Integer(), caseNo: Type.String(), kind: Type.String(), state: Type.String() })]),
  category: Type.Union([Type.Null(), Code]),
  riskTypes: Type.Array(Code),
  since: Type.Union([Type.Null(), Type.String()]),
  latestPerCapita: Type.Union([Type.Null(), Type.Number()]),
  monitoringLine: Type.Number(),
  cardColour: Type.Union([Type.Literal('red'), Type.Literal('yellow'), Type.Literal('green')]),
  eliminationRefusals: Type.Array(Type.Object({ code: Type.String(), zh: Type.String(), en: Type.String() })),
  records: Type.Array(
    Type.Object({ category: Type.String(), since: Type.String(), endedOn: Type.Union([Type.Null(), Type.String()]), endKind: Type.Union([Type.Null(), Type.String()]), caseId: Type.Integer() }),
  ),
  cases: Type.Array(CaseT),
});

export const ApplyBody = Type.Object(
  {
    name: Text(50),
    idNumber: Type.String({ minLength: 1, maxLength: 30 }),
    phone: Type.String({ pattern: '^[0-9+\\- ]{5,20}$' }),
    villageCode: Type.String({ pattern: '^\\d{12}$' }),
    description: Text(2000),
    consent: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const LookupBody = Type.Object(
  { caseNo: Type.String({ minLength: 1, maxLength: 40 }), idNumber: Type.String({ minLength: 1, maxLength: 30 }) },
  { additionalProperties: false },
);
export const ApplyResult = Type.Object({ caseNo: Type.String() });
export const LookupResult = Type.Object({
  caseNo: Type.String(),
  state: Type.String(),
  stateLabel: Label,
  openedAt: Type.String(),
  closedAt: Type.Union([Type.Null(), Type.String()]),
  outcome: Type.Union([Type.Null(), Type.String()]),
});

export const PublicNoticeT = Type.Object({
  caseNo: Type.String(),
  kind: Type.String(),
  eliminationKind: Type.Union([Type.Null(), Type.String()]),
  villageName: Type.String(),
  townshipName: Type.String(),
  headName: Type.Union([Type.Null(), Type.String()]),
  memberCount: Type.Union([Type.Null(), Type.Integer()]),
  riskTypes: Type.Array(Code),
  noticeDays: Type.Integer(),
  startOn: Type.Union([Type.Null(), Type.String()]),
  endOn: Type.Union([Type.Null(), Type.String()]),
  objections: Type.Array(Type.Object({ text: Type.String(), answer: Type.String() })),
});

export const SuspectList = Type.Array(
  Type.Object({
    kind: Type.String(),
    label: Label,
    householdId: Type.Union([Type.Null(), Type.Integer()]),
    householdNo: Type.Union([Type.Null(), Type.String()]),
    headName: Type.Union([Type.Null(), Type.String()]),
    caseId: Type.Integer(),
    detail: Type.String(),
  }),
);
