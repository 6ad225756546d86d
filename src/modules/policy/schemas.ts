import { Type } from 'typebox';
import { DateString } from '../../server/schemas.js';

const Code = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  zh: Type.String({ minLength: 1, maxLength: 40 }),
  en: Type.String({ minLength: 1, maxLength: 80 }),
});
const StepLimits = Type.Object({
  visit: Type.Integer({ minimum: 1, maximum: 365 }),
  comparison: Type.Integer({ minimum: 1, maximum: 365 }),
  appraisal: Type.Integer({ minimum: 1, maximum: 365 }),
  notice: Type.Integer({ minimum: 1, maximum: 365 }),
  township_review: Type.Integer({ minimum: 1, maximum: 365 }),
  county_approval: Type.Integer({ minimum: 1, maximum: 365 }),
});
const Unit = Type.Union([Type.Literal('calendar'), Type.Literal('working')]);

export const Policy = Type.Object({
  id: Type.Integer(),
  areaCode: Type.String(),
  areaLevel: Type.Integer(),
  year: Type.Integer(),
  version: Type.Integer(),
  effectiveFrom: Type.String(),
  monitoringLine: Type.Number(),
  categories: Type.Array(Code),
  riskTypes: Type.Array(Code),
  noticeDays: Type.Integer(),
  timeLimit: Type.Integer(),
  timeUnit: Unit,
  stepLimits: StepLimits,
  stabilityMonths: Type.Integer(),
  holidays: Type.Array(Type.String()),
  workdays: Type.Array(Type.String()),
});

export const CreatePolicyBody = Type.Object(
  {
    year: Type.Integer({ minimum: 2021, maximum: 2100 }),
    effectiveFrom: DateString(),
    monitoringLine: Type.Optional(Type.Number({ minimum: 1, maximum: 1_000_000 })),
    categories: Type.Optional(Type.Array(Code, { minItems: 1, maxItems: 20 })),
    riskTypes: Type.Optional(Type.Array(Code, { minItems: 1, maxItems: 40 })),
    noticeDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    timeLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    timeUnit: Type.Optional(Unit),
    stepLimits: Type.Optional(Type.Partial(StepLimits)),
    stabilityMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    holidays: Type.Optional(Type.Array(DateString(), { maxItems: 400, uniqueItems: true })),
    workdays: Type.Optional(Type.Array(DateString(), { maxItems: 100, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const InForceQuery = Type.Object({
  areaCode: Type.Optional(Type.String({ pattern: '^\\d{2,12}$' })),
  date: Type.Optional(DateString()),
});
