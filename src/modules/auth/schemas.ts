import { Type } from 'typebox';

/** The signed-in user as /api/auth/me and the login answer show it. */
export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  areaCode: Type.String(),
  areaLevel: Type.Integer(),
  areaName: Type.String(),
  department: Type.Union([Type.Null(), Type.String()]),
  mustChangePassword: Type.Boolean(),
  // What this user may do (the `Permission` schema: every module's permission names, from the module list).
  permissions: Type.Array(Type.Ref('Permission')),
  csrfToken: Type.String(),
});

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) });

export const PasswordBody = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Type.String({ minLength: 1, maxLength: 200 }) });
