import { Type } from 'typebox';
import { BigId, DateString, Page, PageQuery, RowId } from '../../server/schemas.js';
import { WELFARE_POST_TYPES } from './rules.js';

const Month = (opts: { description?: string } = {}) => Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', ...opts });
const Yuan = (max: number) => Type.Number({ minimum: 0, maximum: max });
export const PostType = Type.Union(WELFARE_POST_TYPES.map((t) => Type.Literal(t)));

export const Post = Type.Object({
  id: Type.Integer(),
  villageCode: Type.String(),
  villageName: Type.Union([Type.String(), Type.Null()]),
  townshipName: Type.Union([Type.String(), Type.Null()]),
  postType: PostType,
  name: Type.String(),
  monthlySubsidy: Type.Number(),
  places: Type.Integer(),
  onPost: Type.Integer(),
  freePlaces: Type.Integer(),
  startsOn: Type.String(),
  endsOn: Type.Union([Type.String(), Type.Null()]),
});

export const Hire = Type.Object({
  id: Type.Integer(),
  postId: Type.Integer(),
  memberId: Type.Integer(),
  householdId: Type.Integer(),
  householdNo: Type.String(),
  name: Type.String(),
  idMasked: Type.String(),
  gender: Type.String(),
  labourCapacity: Type.Union([Type.String(), Type.Null()]),
  hiredOn: Type.String(),
  exitedOn: Type.Union([Type.String(), Type.Null()]),
  exitReason: Type.Union([Type.String(), Type.Null()]),
});

export const PostDetail = Type.Intersect([Post, Type.Object({ hires: Type.Array(Hire) })]);
export const PostList = Page(Post);

export const PostListQuery = Type.Object({
  areaCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
  postType: Type.Optional(PostType),
  ...PageQuery,
});

export const CreatePostBody = Type.Object(
  {
    villageCode: Type.String({ pattern: '^\\d{12}$' }),
    postType: PostType,
    name: Type.String({ minLength: 1, maxLength: 40 }),
    monthlySubsidy: Type.Number({ exclusiveMinimum: 0, minimum: 0, maximum: 100_000 }),
    places: Type.Integer({ minimum: 1, maximum: 999 }),
    startsOn: DateString(),
    endsOn: Type.Optional(Type.Union([DateString(), Type.Null()])),
  },
  { additionalProperties: false },
);

export const PostParams = Type.Object({ id: RowId() });
export const HireParams = Type.Object({ id: BigId() });

export const HireBody = Type.Object({ memberId: BigId(), hiredOn: DateString() }, { additionalProperties: false });
export const ExitBody = Type.Object({ exitedOn: DateString(), reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const CandidatesQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 30 })) });
export const Candidate = Type.Object({
  memberId: Type.Integer(),
  name: Type.String(),
  idMasked: Type.String(),
  gender: Type.String(),
  birthDate: Type.String(),
  labourCapacity: Type.Union([Type.String(), Type.Null()]),
  householdNo: Type.String(),
  category: Type.String(),
  monitored: Type.Boolean(),
  postName: Type.Union([Type.String(), Type.Null()]),
  refusal: Type.Union([Type.String(), Type.Null()], { description: 'the code that would refuse the hire, null when it is possible' }),
});

export const PayQuery = Type.Object({ month: Month() });
export const PaySheet = Type.Object({
  postId: Type.Integer(),
  month: Type.String(),
  monthlySubsidy: Type.Number(),
  items: Type.Array(
    Type.Object({
      hireId: Type.Integer(),
      memberId: Type.Integer(),
      name: Type.String(),
      idMasked: Type.String(),
      householdNo: Type.String(),
      hiredOn: Type.String(),
      exitedOn: Type.Union([Type.String(), Type.Null()]),
      paid: Type.Boolean(),
      amount: Type.Union([Type.Number(), Type.Null()]),
      reason: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export const PayBody = Type.Object(
  {
    month: Month(),
    items: Type.Array(
      Type.Object({ hireId: BigId(), amount: Yuan(100_000), reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 999 },
    ),
  },
  { additionalProperties: false },
);
export const PayResult = Type.Object({ created: Type.Integer(), sheet: PaySheet });

export const ReportQuery = Type.Object({ from: Type.Optional(Month()), to: Type.Optional(Month()) });
const MonthCell = Type.Object({ month: Type.String(), people: Type.Integer(), pay: Type.Number() });
export const Report = Type.Object({
  from: Type.String(),
  to: Type.String(),
  months: Type.Array(Type.String()),
  rows: Type.Array(
    Type.Object({
      areaCode: Type.String(),
      areaName: Type.String(),
      posts: Type.Integer(),
      places: Type.Integer(),
      onPost: Type.Integer(),
      months: Type.Array(MonthCell),
      payTotal: Type.Number(),
    }),
  ),
  total: Type.Object({ posts: Type.Integer(), places: Type.Integer(), onPost: Type.Integer(), months: Type.Array(MonthCell), payTotal: Type.Number() }),
});
