import { Type } from 'typebox';
import { AttachmentId, AttachmentT } from '../files/schemas.js';
import { BigId, DateString, INT32_MAX, RowId } from '../../server/schemas.js';
import { MEASURE_AMOUNT_MAX, MEASURE_GROUP_CODES } from '../../shared/assistance.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const AreaCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$', description: 'a county (6 digits), township (9) or village (12)' });
const Group = Type.Union(MEASURE_GROUP_CODES.map((g) => Type.Literal(g)));

export const IdParams = Type.Object({ id: BigId() });
export const RowIdParams = Type.Object({ id: RowId() });
export const CountyQuery = Type.Object({ countyCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })) }, { additionalProperties: false });
export const AreaQuery = Type.Object({ areaCode: Type.Optional(AreaCode) }, { additionalProperties: false });
export const WarningQuery = Type.Object(
  { areaCode: Type.Optional(AreaCode), kind: Type.Optional(Type.Union([Type.Literal('no_work_measure'), Type.Literal('no_helper'), Type.Literal('measure_ending')])) },
  { additionalProperties: false },
);
export const HelperQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });

export const CatalogueItem = Type.Object({ id: Type.Integer(), countyCode: Type.String(), group: Type.String(), name: Type.String(), sort: Type.Integer(), active: Type.Boolean() });
export const CatalogueBody = Type.Object(
  { countyCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })), group: Group, name: Text(60), sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })) },
  { additionalProperties: false },
);
export const CataloguePatch = Type.Object(
  { name: Type.Optional(Text(60)), active: Type.Optional(Type.Boolean()), sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })) },
  { additionalProperties: false, minProperties: 1 },
);

const Months = Type.Integer({ minimum: 1, maximum: 12 });
export const ScheduleT = Type.Object({ countyCode: Type.String(), monitoredMonths: Type.Integer(), exitedMonths: Type.Integer(), leftBehindMonths: Type.Integer() });
export const ScheduleBody = Type.Object(
  { countyCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })), monitoredMonths: Months, exitedMonths: Months, leftBehindMonths: Months },
  { additionalProperties: false },
);

const measureFields = {
  catalogueId: RowId(),
  riskType: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  content: Text(2000),
  startOn: DateString(),
  endOn: DateString(),
  amount: Type.Number({ minimum: 0, maximum: MEASURE_AMOUNT_MAX }),
  department: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  memberIds: Type.Array(BigId(), { maxItems: 50 }),
  doneOn: Type.Optional(Nullable(DateString())),
};
export const MeasureBody = Type.Object(measureFields, { additionalProperties: false });
export const MeasurePatch = Type.Object({ ...measureFields, version: Type.Integer({ minimum: 0, maximum: INT32_MAX }) }, { additionalProperties: false });

export const MeasureT = Type.Object({
  id: Type.Integer(),
  householdId: Type.Integer(),
  catalogueId: Type.Integer(),
  catalogueName: Type.String(),
  group: Type.String(),
  riskType: Nullable(Type.String()),
  content: Type.String(),
  startOn: Type.String(),
  endOn: Type.String(),
  amount: Type.Number(),
  department: Nullable(Type.String()),
  memberIds: Type.Array(Type.Integer()),
  doneOn: Nullable(Type.String()),
  version: Type.Integer(),
});

const WarningKind = Type.Union([Type.Literal('no_work_measure'), Type.Literal('no_helper'), Type.Literal('measure_ending')]);

export const PlanT = Type.Object({
  household: Type.Object({
    id: Type.Integer(),
    householdNo: Type.String(),
    headName: Nullable(Type.String()),
    villageCode: Type.String(),
    villageName: Type.String(),
    townshipName: Type.String(),
    countyName: Type.String(),
    category: Type.String(),
    address: Nullable(Type.String()),
  }),
  record: Nullable(Type.Object({ category: Type.String(), riskTypes: Type.Array(Type.String()), since: Type.String() })),
  members: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), relation: Type.String(), labourCapacity: Nullable(Type.String()), status: Type.String() })),
  measures: Type.Array(MeasureT),
  helper: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), username: Type.String(), phone: Nullable(Type.String()), assignedOn: Type.String() })),
  helperHistory: Type.Array(Type.Object({ helperId: Type.Integer(), name: Type.String(), assignedOn: Type.String(), endedOn: Nullable(Type.String()) })),
  openCase: Nullable(Type.Object({ id: Type.Integer(), caseNo: Type.String() })),
  warnings: Type.Array(Type.Object({ kind: WarningKind, measureId: Nullable(Type.Integer()) })),
  today: Type.String(),
});

export const WarningList = Type.Object({
  today: Type.String(),
  counts: Type.Object({ noWorkMeasure: Type.Integer(), noHelper: Type.Integer(), measureEnding: Type.Integer() }),
  byTownship: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), noWorkMeasure: Type.Integer(), noHelper: Type.Integer(), measureEnding: Type.Integer() })),
  items: Type.Array(
    Type.Object({
      kind: WarningKind,
      householdId: Type.Integer(),
      householdNo: Type.String(),
      headName: Nullable(Type.String()),
      villageCode: Type.String(),
      villageName: Type.String(),
      measureId: Nullable(Type.Integer()),
      measureContent: Nullable(Type.String()),
      endOn: Nullable(Type.String()),
    }),
  ),
  total: Type.Integer(),
});

export const HelperList = Type.Array(Type.Object({ id: Type.Integer(), username: Type.String(), name: Type.String(), areaCode: Type.String() }));
export const AssignBody = Type.Object({ householdId: BigId(), helperId: RowId() }, { additionalProperties: false });
export const Assigned = Type.Object({ householdId: Type.Integer(), helperId: Type.Integer(), changed: Type.Boolean() });
export const AssignImported = Type.Object({ rows: Type.Integer(), changed: Type.Integer() });

const Change = Type.Optional(Type.String({ maxLength: 1000 }));
export const VisitBody = Type.Object(
  {
    clientId: Type.String({ format: 'uuid' }),
    visitedOn: DateString(),
    met: Text(200),
    situation: Text(4000),
    changes: Type.Object({ income: Change, health: Change, schooling: Change, housing: Change, water: Change }, { additionalProperties: false }),
    needs: Type.Optional(Type.String({ maxLength: 2000 })),
    newRisk: Type.Optional(Type.Object({ clue: Text(2000) }, { additionalProperties: false })),
    /** Photos uploaded first (POST /api/files, purpose assistance.photo, the household's village). */
    photos: Type.Optional(Type.Array(AttachmentId(), { maxItems: 9 })),
  },
  { additionalProperties: false },
);

export const VisitT = Type.Object({
  id: Type.Integer(),
  clientId: Type.String(),
  householdId: Type.Integer(),
  helperId: Type.Integer(),
  helperName: Nullable(Type.String()),
  visitedOn: Type.String(),
  met: Type.String(),
  situation: Type.String(),
  changes: Type.Record(Type.String(), Type.String()),
  needs: Nullable(Type.String()),
  photos: Type.Array(AttachmentT),
  newRisk: Type.Boolean(),
  caseId: Nullable(Type.Integer()),
  caseNo: Nullable(Type.String()),
});
export const VisitList = Type.Array(VisitT);
export const VisitRecorded = Type.Object({
  visit: VisitT,
  created: Type.Boolean(),
  case: Nullable(Type.Object({ id: Type.Integer(), caseNo: Type.String(), existing: Type.Boolean() })),
});

const Scheduled = Type.Object({
  householdId: Type.Integer(),
  householdNo: Type.String(),
  headName: Nullable(Type.String()),
  villageCode: Type.String(),
  villageName: Type.String(),
  address: Nullable(Type.String()),
  category: Type.String(),
  monitored: Type.Boolean(),
  hasLeftBehind: Type.Boolean(),
  memberCount: Type.Integer(),
  helperId: Type.Integer(),
  helperName: Type.String(),
  assignedOn: Type.String(),
  lastVisit: Nullable(Type.String()),
  dueOn: Nullable(Type.String()),
  overdueDays: Type.Integer(),
  overdue: Type.Boolean(),
  reason: Nullable(Type.Union([Type.Literal('monitored'), Type.Literal('left_behind'), Type.Literal('exited')])),
});
export const MyHouseholds = Type.Object({ today: Type.String(), overdue: Type.Integer(), items: Type.Array(Scheduled) });
export const OverdueList = Type.Object({
  today: Type.String(),
  byTownship: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), paired: Type.Integer(), overdue: Type.Integer() })),
  byHelper: Type.Array(Type.Object({ helperId: Type.Integer(), name: Type.String(), paired: Type.Integer(), overdue: Type.Integer() })),
  items: Type.Array(Scheduled),
  total: Type.Integer(),
});
