import { Type } from 'typebox';

const Yuan = (description: string) => Type.Number({ minimum: 0, maximum: 100_000_000, description });

/** The income form (收支核算) as every module's API takes it: yuan over the past 12 months, never negative. */
export const IncomeFormBody = Type.Object(
  {
    wages: Yuan('工资性收入'),
    business: Yuan('生产经营性收入'),
    property: Yuan('财产性收入'),
    transfers: Yuan('转移性收入'),
    insurancePayouts: Yuan('理赔收入'),
    businessExpenses: Yuan('生产经营性支出'),
    selfPaidMedical: Yuan('合规自付医疗支出'),
    selfPaidSchooling: Yuan('合规自付教育支出'),
    selfPaidOther: Yuan('其他合规自付支出'),
    householdSize: Type.Integer({ minimum: 1, maximum: 99, description: '家庭人口' }),
  },
  { additionalProperties: false },
);

export const IncomeFiguresT = Type.Object({
  grossIncome: Type.Number(),
  netIncome: Type.Number(),
  compliantSpending: Type.Number(),
  perCapitaNet: Type.Number(),
});
