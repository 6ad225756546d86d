import { Type } from 'typebox';
import { BigId, DateString, PageQuery } from '../../server/schemas.js';
import { TEMPLATES } from './templates.js';
import { GROUPS, RULES } from './rules.js';

/** The screening API's schemas (→ OpenAPI → the web app's types). */
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const TemplateKey = Type.Union(TEMPLATES.map((t) => Type.Literal(t.key)));
const RuleKey = Type.Union(RULES.map((r) => Type.Literal(r.key)));
const Period = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

export const IdParams = Type.Object({ id: BigId() });
export const RuleParams = Type.Object({ rule: RuleKey });
export const DecisionParams = Type.Object({ id: BigId(), decision: Type.Union([Type.Literal('confirm'), Type.Literal('reject')]) });

export const TemplateT = Type.Object({
  key: Type.String(), department: Type.String(), zh: Type.String(), en: Type.String(),
  fields: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String(), type: Type.String(), required: Type.Boolean(), synonyms: Type.Array(Type.String()) })),
});
export const TemplateList = Type.Array(TemplateT);

export const UploadQuery = Type.Object({ template: TemplateKey, period: Period, correction: Type.Optional(Type.Boolean()) });
export const MappingBody = Type.Object({
  mapping: Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Nullable(Type.String({ maxLength: 40 }))),
  headerRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
});

export const DatasetT = Type.Object({
  id: Type.Integer(), template: Type.String(), templateZh: Type.String(), templateEn: Type.String(), department: Type.String(), areaCode: Type.String(),
  period: Type.String(), version: Type.Integer(), state: Type.Union([Type.Literal('draft'), Type.Literal('submitted'), Type.Literal('superseded'), Type.Literal('discarded')]),
  fileName: Type.String(), headerRow: Nullable(Type.Integer()), mapping: Type.Record(Type.String(), Nullable(Type.String())),
  fileProblems: Type.Array(Type.Object({ code: Type.String(), field: Type.String(), zh: Type.String(), en: Type.String() })),
  rowCount: Type.Integer(), errorRows: Type.Integer(), warningRows: Type.Integer(), createdAt: Type.String(), submittedAt: Nullable(Type.String()),
  match: Nullable(Type.Object({ runId: Type.Integer(), finishedAt: Nullable(Type.String()), total: Type.Integer(), matched: Type.Integer(), candidates: Type.Integer(), unmatched: Type.Integer(), rate: Type.Number() })),
  results: Type.Array(Type.Object({ rule: Type.String(), state: Type.String(), count: Type.Integer() })),
});
export const DatasetList = Type.Object({ items: Type.Array(DatasetT), total: Type.Integer() });
export const DatasetQuery = Type.Object({ ...PageQuery, period: Type.Optional(Period), template: Type.Optional(TemplateKey) });

export const ProblemList = Type.Object({
  total: Type.Integer(),
  items: Type.Array(Type.Object({
    rowNo: Type.Integer(), name: Nullable(Type.String()), idMasked: Nullable(Type.String()), hasError: Type.Boolean(),
    problems: Type.Array(Type.Object({ field: Type.String(), column: Type.String(), severity: Type.String(), code: Type.String(), zh: Type.String(), en: Type.String() })),
  })),
});
export const PageOnly = Type.Object({ ...PageQuery });

export const RunBody = Type.Object({
  reviewThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  autoThreshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
});
export const RunT = Type.Object({
  id: Type.Integer(), datasetId: Type.Integer(), areaCode: Type.String(), state: Type.String(), step: Nullable(Type.String()),
  total: Type.Integer(), done: Type.Integer(), percent: Type.Integer(), exact: Type.Integer(), linked: Type.Integer(), candidates: Type.Integer(), unmatched: Type.Integer(),
  warnings: Type.Integer(), reviewThreshold: Type.Number(), autoThreshold: Type.Number(), errorCode: Nullable(Type.String()),
  createdAt: Type.String(), finishedAt: Nullable(Type.String()),
  template: Type.Optional(Type.String()), period: Type.Optional(Type.String()), version: Type.Optional(Type.Integer()), department: Type.Optional(Type.String()),
});
export const RunList = Type.Object({ items: Type.Array(RunT), total: Type.Integer() });
export const RunQuery = Type.Object({ ...PageQuery, datasetId: Type.Optional(BigId()) });

export const CandidateT = Type.Object({
  id: Type.Integer(), runId: Type.Integer(), score: Type.Number(), basis: Type.String(), template: Type.String(), department: Type.String(), period: Type.String(),
  row: Type.Object({ rowNo: Type.Integer(), name: Nullable(Type.String()), idMasked: Nullable(Type.String()), birthDate: Nullable(Type.String()), gender: Nullable(Type.String()), villageCode: Nullable(Type.String()) }),
  member: Type.Object({ id: Type.Integer(), name: Type.String(), idMasked: Type.String(), birthDate: Type.String(), gender: Type.String(), villageCode: Type.String(), villageName: Type.String(), householdId: Type.Integer(), householdNo: Type.String() }),
});
export const CandidateList = Type.Object({ items: Type.Array(CandidateT), total: Type.Integer() });
export const CandidateQuery = Type.Object({ ...PageQuery, runId: Type.Optional(BigId()) });
export const Decided = Type.Object({ id: Type.Integer(), state: Type.String() });

const ParamSpec = Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String(), min: Type.Number(), max: Type.Number(), default: Type.Number() });
export const RuleT = Type.Object({
  rule: Type.String(), zh: Type.String(), en: Type.String(), kind: Type.String(), templates: Type.Array(Type.String()), version: Type.Integer(),
  enabled: Type.Boolean(), groups: Type.Array(Type.String()), dueDays: Type.Integer(), params: Type.Record(Type.String(), Type.Number()), paramSpecs: Type.Array(ParamSpec),
});
export const RuleList = Type.Array(RuleT);
export const RuleBody = Type.Object({
  enabled: Type.Boolean(),
  groups: Type.Array(Type.Union(GROUPS.map((g) => Type.Literal(g))), { minItems: 1, maxItems: 3 }),
  dueDays: Type.Integer({ minimum: 1, maximum: 60 }),
  params: Type.Record(Type.String({ maxLength: 40 }), Type.Number({ minimum: -1_000_000_000, maximum: 1_000_000_000 }), { maxProperties: 10 }),
});
const Compare = { current: Type.Integer(), changed: Type.Integer() };
export const PreviewT = Type.Object({
  rule: Type.String(), ...Compare,
  byTownship: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), ...Compare })),
  byCategory: Type.Array(Type.Object({ category: Type.String(), ...Compare })),
});

export const WarningT = Type.Object({
  id: Type.Integer(), rule: Type.String(), kind: Type.String(), department: Type.String(), clue: Type.String(), dueOn: Type.String(), overdue: Type.Boolean(),
  state: Type.String(), reason: Nullable(Type.String()), caseId: Nullable(Type.Integer()), createdAt: Type.String(), handledAt: Nullable(Type.String()),
  villageCode: Type.String(), villageName: Type.String(), householdId: Type.Integer(), householdNo: Type.String(), memberId: Type.Integer(), memberName: Type.String(), memberStatus: Type.String(),
});
export const WarningList = Type.Object({ items: Type.Array(WarningT), total: Type.Integer() });
export const WarningQuery = Type.Object({
  ...PageQuery,
  state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('case_opened'), Type.Literal('dismissed'), Type.Literal('corrected')])),
  rule: Type.Optional(RuleKey),
});
export const HandleBody = Type.Object({
  action: Type.Union([Type.Literal('open_case'), Type.Literal('dismiss'), Type.Literal('deceased')]),
  reason: Type.Optional(Type.String({ maxLength: 200 })),
  date: Type.Optional(DateString()),
  clue: Type.Optional(Type.String({ maxLength: 500 })),
  newHeadMemberId: Type.Optional(BigId({ description: 'When the deceased is the head: the member who becomes head' })),
});
export const Handled = Type.Object({ id: Type.Integer(), state: Type.String(), caseId: Nullable(Type.Integer()) });
export const StatsT = Type.Array(Type.Object({
  townshipCode: Type.String(), townshipName: Nullable(Type.String()), department: Type.String(), total: Type.Integer(), handled: Type.Integer(), open: Type.Integer(), overdue: Type.Integer(), handlingRate: Type.Number(),
}));
