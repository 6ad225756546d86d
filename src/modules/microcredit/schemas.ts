import { Type } from 'typebox';
import { BigId, DateString, Page, PageQuery } from '../../server/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const LoanStatus = Type.Union([Type.Literal('repaid'), Type.Literal('overdue'), Type.Literal('due_soon'), Type.Literal('active')]);

export const Loan = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  householdNo: Type.String(),
  memberId: Type.Integer(),
  borrowerName: Type.String(),
  borrowerIdMasked: Type.String(),
  villageCode: Type.String(),
  villageName: Nullable(Type.String()),
  townshipName: Nullable(Type.String()),
  bank: Type.String(),
  amount: Type.Number(),
  termMonths: Type.Integer(),
  rate: Type.Number(),
  subsidized: Type.Boolean(),
  subsidyRate: Nullable(Type.Number()),
  purpose: Type.String(),
  issuedOn: Type.String(),
  originalDueOn: Type.String(),
  dueOn: Type.String(),
  principalRepaid: Type.Number(),
  interestPaid: Type.Number(),
  balance: Type.Number(),
  status: LoanStatus,
  extended: Type.Boolean(),
  version: Type.Integer(),
});
export const LoanList = Page(Loan);
export const LoanDetail = Type.Intersect([
  Loan,
  Type.Object({
    repayments: Type.Array(Type.Object({ id: Type.Integer(), paidOn: Type.String(), principal: Type.Number(), interest: Type.Number() })),
    extension: Nullable(Type.Object({ oldDueOn: Type.String(), newDueOn: Type.String(), reason: Type.String(), on: Type.String() })),
  }),
]);

export const LoanListQuery = Type.Object({
  areaCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
  status: Type.Optional(Type.Union([LoanStatus, Type.Literal('warning')], { description: 'warning: overdue or due within 30 days' })),
  q: Type.Optional(Type.String({ maxLength: 30 })),
  ...PageQuery,
});

export const CreateLoanBody = Type.Object(
  {
    householdId: BigId(),
    memberId: BigId(),
    bank: Type.String({ minLength: 1, maxLength: 60 }),
    amount: Type.Number({ exclusiveMinimum: 0, minimum: 0, maximum: 10_000_000 }),
    termMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    rate: Type.Number({ minimum: 0, maximum: 24, description: 'annual rate, per cent' }),
    subsidized: Type.Boolean(),
    subsidyRate: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 24 }))),
    purpose: Type.String({ minLength: 1, maxLength: 200 }),
    issuedOn: DateString(),
  },
  { additionalProperties: false },
);

export const LoanParams = Type.Object({ id: BigId() });
export const RepayBody = Type.Object(
  { paidOn: DateString(), principal: Type.Number({ minimum: 0, maximum: 10_000_000 }), interest: Type.Number({ minimum: 0, maximum: 10_000_000 }) },
  { additionalProperties: false },
);
export const ExtendBody = Type.Object({ newDueOn: DateString(), reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const Limits = Type.Object({ countyCode: Type.String(), maxAmount: Type.Number(), maxTermMonths: Type.Integer(), custom: Type.Boolean() });
export const LimitsQuery = Type.Object({ countyCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) });
export const LimitsBody = Type.Object(
  { maxAmount: Type.Number({ minimum: 1000, maximum: 1_000_000 }), maxTermMonths: Type.Integer({ minimum: 1, maximum: 120 }) },
  { additionalProperties: false },
);

export const BorrowersQuery = Type.Object({ villageCode: Type.String({ pattern: '^\\d{12}$' }), q: Type.Optional(Type.String({ maxLength: 30 })) });
export const Borrower = Type.Object({
  memberId: Type.Integer(),
  householdId: Type.Integer(),
  householdNo: Type.String(),
  name: Type.String(),
  idMasked: Type.String(),
  age: Type.Integer(),
  category: Type.String(),
  monitored: Type.Boolean(),
  refusal: Nullable(Type.String()),
});

const Figures = {
  loans: Type.Integer(),
  openLoans: Type.Integer(),
  issued: Type.Number(),
  balance: Type.Number(),
  overdue: Type.Integer(),
  overdueAmount: Type.Number(),
  dueSoon: Type.Integer(),
};
export const Report = Type.Object({
  asOf: Type.String(),
  rows: Type.Array(Type.Object({ areaCode: Type.String(), areaName: Type.String(), ...Figures })),
  total: Type.Object(Figures),
});
