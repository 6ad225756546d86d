import { Type } from 'typebox';

/** An area as the API shows it. */
export const Area = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  parentCode: Type.Union([Type.Null(), Type.String()]),
  hasChildren: Type.Boolean(),
});
