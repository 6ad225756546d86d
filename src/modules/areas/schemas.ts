import { Type } from 'typebox';

/** An area as the API shows it. */
export const Area = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  parentCode: Type.Union([Type.Null(), Type.String()]),
  hasChildren: Type.Boolean(),
});

export const ChildrenQuery = Type.Object({ parent: Type.Optional(Type.String({ maxLength: 12 })) });
export const SearchQuery = Type.Object({ q: Type.String({ maxLength: 40 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) });
export const CodeParams = Type.Object({ code: Type.String({ maxLength: 12 }) });
export const ImportBody = Type.Object({ code: Type.String({ minLength: 2, maxLength: 12 }) });
