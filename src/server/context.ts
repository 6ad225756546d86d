import type { Lang } from '../core/errors.js';
import type { Permission } from '../core/permissions.js';
import type { Role } from '../shared/roles.js';

/** The signed-in user as every domain function sees it. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  areaCode: string;
  areaLevel: number;
  areaName: string;
  department: string | null;
  mustChangePassword: boolean;
}

/** Who is acting, from where: passed to every domain function that changes data, for scope and audit. */
export interface Actor {
  user: SessionUser;
  ip: string;
}

export interface RouteAuth {
  /** 'public' routes need no session (login, health). Default: a signed-in user. */
  public?: boolean;
  permission?: Permission;
  /** Allowed while the user must still change the initial password. */
  duringPasswordChange?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: SessionUser;
    sessionId?: string;
    csrfToken?: string;
    lang: Lang;
    /** Set when a domain function wrote its own audit entry for this request. */
    audited: boolean;
    /** The error code the request was refused with, for the audit entry. */
    errorCode?: string;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}
