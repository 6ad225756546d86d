import { Type, type Static } from 'typebox';
import { codesOf } from '../../shared/codes.js';
import { DateString, Int32, INT32_MAX } from '../../server/schemas.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Optional(Type.Union([Type.Null(), t]));
const Code = (table: Parameters<typeof codesOf>[0]) => Type.Union([Type.Null(), Type.Union(codesOf(table).map((c) => Type.Literal(c)))]);
const Bool = Type.Optional(Type.Union([Type.Null(), Type.Boolean()]));
const Money = Type.Optional(Type.Number({ minimum: 0, maximum: 1e8 }));
const Day = DateString();
const Category = Type.Union([Type.Literal('exited'), Type.Literal('monitored'), Type.Literal('ordinary')]);
const MonitoringType = Type.Union([Type.Null(), Type.Literal('unstable_exited'), Type.Literal('marginal'), Type.Literal('sudden_hardship')]);
const Rating = Type.Union([Type.Null(), Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')]);

export const MemberBody = Type.Object({
  idNumber: Type.String({ maxLength: 30 }),
  name: Type.String({ maxLength: 30 }),
  relation: Type.String({ maxLength: 30 }),
  gender: Type.Optional(Type.Union([Type.Null(), Type.Literal('M'), Type.Literal('F')])),
  birthDate: Nullable(Day),
  ethnicity: Nullable(Type.String({ maxLength: 20 })),
  education: Type.Optional(Code('education')),
  schoolStatus: Type.Optional(Code('schoolStatus')),
  health: Type.Optional(Code('health')),
  disabilityCategory: Type.Optional(Code('disabilityCategory')),
  disabilityGrade: Type.Optional(Type.Union([Type.Null(), Int32()])),
  labourCapacity: Type.Optional(Code('labour')),
  workPlace: Type.Optional(Code('workPlace')),
  workMonths: Type.Optional(Type.Union([Type.Null(), Int32()])),
  medicalInsured: Bool,
  pensionInsured: Bool,
  welfarePost: Bool,
});

export const HouseholdFieldsBody = {
  address: Nullable(Type.String({ maxLength: 200 })),
  phone: Nullable(Type.String({ maxLength: 20 })),
  category: Category,
  monitoringType: Type.Optional(MonitoringType),
  exitYear: Type.Optional(Type.Union([Type.Null(), Int32()])),
  isDibao: Type.Optional(Type.Boolean()),
  isTekun: Type.Optional(Type.Boolean()),
  isRelocated: Type.Optional(Type.Boolean()),
  hasLeftBehind: Type.Optional(Type.Boolean()),
  housingRating: Type.Optional(Rating),
  housingRatedOn: Nullable(Day),
  waterQuantityOk: Bool,
  waterQualityOk: Bool,
  waterAccessOk: Bool,
  waterSupplyOk: Bool,
  incomeYear: Type.Optional(Type.Union([Type.Null(), Type.Integer({ minimum: 2013, maximum: 2100 })])),
  incomeWages: Money,
  incomeBusiness: Money,
  incomeProperty: Money,
  incomeTransfer: Money,
  expenseBusiness: Money,
};

export const CreateHouseholdBody = Type.Object({
  householdNo: Type.String({ minLength: 1, maxLength: 30 }),
  villageCode: Type.String({ pattern: '^\\d{12}$' }),
  ...HouseholdFieldsBody,
  members: Type.Array(MemberBody, { minItems: 1, maxItems: 30 }),
});

export const UpdateHouseholdBody = Type.Partial(
  Type.Object({ householdNo: Type.String({ minLength: 1, maxLength: 30 }), villageCode: Type.String({ pattern: '^\\d{12}$' }), ...HouseholdFieldsBody }),
);

export const Member = Type.Object({
  id: Type.Integer(),
  idMasked: Type.String(),
  name: Type.String(),
  gender: Type.String(),
  birthDate: Type.String(),
  relation: Type.String(),
  ethnicity: Type.Union([Type.Null(), Type.String()]),
  education: Type.Union([Type.Null(), Type.String()]),
  schoolStatus: Type.Union([Type.Null(), Type.String()]),
  health: Type.Union([Type.Null(), Type.String()]),
  disabilityCategory: Type.Union([Type.Null(), Type.String()]),
  disabilityGrade: Type.Union([Type.Null(), Type.Integer()]),
  labourCapacity: Type.Union([Type.Null(), Type.String()]),
  workPlace: Type.Union([Type.Null(), Type.String()]),
  workMonths: Type.Union([Type.Null(), Type.Integer()]),
  medicalInsured: Type.Union([Type.Null(), Type.Boolean()]),
  pensionInsured: Type.Union([Type.Null(), Type.Boolean()]),
  welfarePost: Type.Boolean(),
  status: Type.String(),
  statusDate: Type.Union([Type.Null(), Type.String()]),
  statusReason: Type.Union([Type.Null(), Type.String()]),
});

const S = Type.Union([Type.Null(), Type.String()]);
const B = Type.Union([Type.Null(), Type.Boolean()]);
const N = Type.Union([Type.Null(), Type.Number()]);
export const Household = Type.Object({
  id: Type.Integer(), householdNo: Type.String(), villageCode: Type.String(), villageName: Type.String(), address: S, headName: S,
  phoneMasked: S, category: Category, monitoringType: MonitoringType, exitYear: N, isDibao: Type.Boolean(), isTekun: Type.Boolean(),
  isRelocated: Type.Boolean(), hasLeftBehind: Type.Boolean(), housingRating: Rating, housingRatedOn: S, waterQuantityOk: B,
  waterQualityOk: B, waterAccessOk: B, waterSupplyOk: B, incomeYear: N, incomeWages: Type.Number(), incomeBusiness: Type.Number(),
  incomeProperty: Type.Number(), incomeTransfer: Type.Number(), expenseBusiness: Type.Number(), memberCount: Type.Integer(),
  perCapitaIncome: N, version: Type.Integer(), updatedAt: Type.String(), members: Type.Array(Member),
});

export const HouseholdListItem = Type.Object({
  id: Type.Integer(), householdNo: Type.String(), villageCode: Type.String(), villageName: Type.String(), townshipName: S, headName: S,
  headIdMasked: S, category: Category, monitoringType: MonitoringType, isDibao: Type.Boolean(), isTekun: Type.Boolean(),
  isRelocated: Type.Boolean(), hasLeftBehind: Type.Boolean(), memberCount: Type.Integer(), perCapitaIncome: N, updatedAt: Type.String(),
  matchedName: Type.Optional(Type.String({ description: 'in a member search: the name of the member the search found (the first by name when several); the head is not always the one searched for' })),
});

/** A page of the list; `totalExact` false: a search matched more households than it collects (SEARCH_CAP), `total` is a lower bound. */
export const HouseholdPage = Type.Object({
  items: Type.Array(HouseholdListItem), total: Type.Integer(), totalExact: Type.Boolean(), page: Type.Integer(), pageSize: Type.Integer(),
});

/** One field a timeline entry changed (ID numbers and phones masked, as the snapshots keep them). */
export const FieldChange = Type.Object({
  target: Type.Union([Type.Literal('household'), Type.Literal('member')]),
  memberId: Type.Optional(Type.Integer()),
  memberName: Type.Optional(Type.String()),
  field: Type.String({ description: "the API's field name; 'added' / 'removed' for a member joining or leaving" }),
  old: Type.Unknown(),
  new: Type.Unknown(),
});

export const HistoryEntry = Type.Object({
  id: Type.Integer(), ts: Type.String(), username: Type.Union([Type.Null(), Type.String()]),
  displayName: Type.Union([Type.Null(), Type.String()], { description: 'the name of the account that acted; null for the system or the command line' }),
  role: Type.Union([Type.Null(), Type.String()]),
  action: Type.String(), summary: Type.Unknown(), changes: Type.Array(FieldChange),
});

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 40 })),
  villageCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
  townshipCode: Type.Optional(Type.String({ pattern: '^\\d{9}(000)?$', description: 'a township (9 digits, or 12 ending in 000)' })),
  category: Type.Optional(Category),
  isDibao: Type.Optional(Type.Boolean()),
  isTekun: Type.Optional(Type.Boolean()),
  isRelocated: Type.Optional(Type.Boolean()),
  hasLeftBehind: Type.Optional(Type.Boolean()),
  incomplete: Type.Optional(Type.Boolean({ description: '待补全: 脱贫户 whose exit year is still empty (imported without one)' })),
  sort: Type.Optional(Type.Union(['householdNo', 'headName', 'perCapitaIncome', 'memberCount', 'updatedAt'].map((s) => Type.Literal(s)))),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
});

/** 农户概况: the registry of the user's area in figures (the home page's overview). */
export const RegistrySummary = Type.Object({
  households: Type.Integer(),
  /** Active members. */
  members: Type.Integer(),
  exited: Type.Object({ households: Type.Integer(), members: Type.Integer() }),
  monitored: Type.Object({ households: Type.Integer(), members: Type.Integer() }),
  dibao: Type.Integer(),
  tekun: Type.Integer(),
  relocated: Type.Integer(),
  leftBehind: Type.Integer(),
});
export type RegistrySummary = Static<typeof RegistrySummary>;
