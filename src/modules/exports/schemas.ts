import { Type } from 'typebox';
import { Int32 } from '../../server/schemas.js';

/** The list's filters (GET /api/households), without paging and sorting, plus `full`. */
export const ExportQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 40 })),
  villageCode: Type.Optional(Type.String({ pattern: '^\\d{6,12}$' })),
  townshipCode: Type.Optional(Type.String({ pattern: '^\\d{9}(000)?$', description: 'a township (9 digits, or 12 ending in 000)' })),
  category: Type.Optional(Type.Union([Type.Literal('exited'), Type.Literal('monitored'), Type.Literal('ordinary')])),
  isDibao: Type.Optional(Type.Boolean()),
  isTekun: Type.Optional(Type.Boolean()),
  isRelocated: Type.Optional(Type.Boolean()),
  hasLeftBehind: Type.Optional(Type.Boolean()),
  incomplete: Type.Optional(Type.Boolean()),
  full: Type.Optional(Type.Boolean()),
  // Accepted and ignored, so the list's query string can be passed on unchanged.
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  order: Type.Optional(Type.String({ maxLength: 4 })),
  page: Type.Optional(Int32()),
  pageSize: Type.Optional(Int32()),
});
