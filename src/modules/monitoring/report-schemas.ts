import { Type } from 'typebox';
import { DateString } from '../../server/schemas.js';
import { IncomeFormBody } from '../income/schemas.js';

/** The schemas of the monitoring chain's reports (report-routes.ts). */

const Label = Type.Object({ zh: Type.String(), en: Type.String() });

export const VillageParams = Type.Object({ code: Type.String({ pattern: '^\\d{12}$' }) });

export const StepTimesQuery = Type.Object(
  { from: Type.Optional(DateString()), to: Type.Optional(DateString()) },
  { additionalProperties: false },
);

export const StepTimes = Type.Object({
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(
    Type.Object({
      townshipCode: Type.String(),
      townshipName: Type.Union([Type.Null(), Type.String()]),
      step: Type.String(),
      stepLabel: Label,
      unit: Type.Union([Type.Literal('working'), Type.Literal('calendar'), Type.Literal('mixed')]),
      cases: Type.Integer(),
      avgDays: Type.Number(),
      maxDays: Type.Integer(),
      overdue: Type.Integer(),
    }),
  ),
});

export const FollowUpIncomeBody = Type.Object({ recordedOn: DateString(), income: IncomeFormBody }, { additionalProperties: false });
export const FollowUpIncome = Type.Object({ id: Type.Integer(), recordedOn: Type.String(), perCapitaNet: Type.Number() });
