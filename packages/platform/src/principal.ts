import { AppError, type MemberRole, type PlatformRole } from '@renum/contracts';

/** Who is calling: a person (access token) or a client API key, with the client it acts for. */
export interface Principal {
  kind: 'user' | 'api_key';
  userId: string | null;
  apiKeyId: string | null;
  clientId: string | null;
  role: MemberRole | null;
  platformRole: PlatformRole;
  /** Session (refresh-token family) of an access token. */
  sessionId?: string | null;
  /** Set for a platform admin's read-only view-as session (ADR 0040): its id and end. */
  viewAs?: { sessionId: string; expiresAt: Date; reason: string } | null;
  requestId?: string | undefined;
  ip?: string | undefined;
}

/** The client the principal acts for; a platform admin without a client membership has none. */
export function requireClient(principal: Principal): { clientId: string; role: MemberRole } {
  if (!principal.clientId || !principal.role) {
    throw new AppError('FORBIDDEN', 'This action needs a client: log in as a member of a client');
  }
  return { clientId: principal.clientId, role: principal.role };
}

/** Throws FORBIDDEN unless the principal's role within its client is one of `roles`. */
export function requireRole(
  principal: Principal,
  roles: readonly MemberRole[],
): { clientId: string; role: MemberRole } {
  const scope = requireClient(principal);
  if (!roles.includes(scope.role)) {
    throw new AppError('FORBIDDEN', `This action needs the role ${roles.join(' or ')}`);
  }
  return scope;
}

/** Throws FORBIDDEN unless the principal is a platform admin (a person, never an API key). */
export function requirePlatformAdmin(principal: Principal): void {
  if (principal.kind !== 'user' || principal.platformRole !== 'admin') {
    throw new AppError('FORBIDDEN', 'This action is reserved to platform admins');
  }
}

/** Throws `403 VIEW_AS_READ_ONLY` for a view-as session: it may look, never change anything. */
export function refuseViewAsWrite(principal: Principal): void {
  if (principal.viewAs) {
    throw new AppError('VIEW_AS_READ_ONLY', 'A view-as session is read-only: nothing can be changed with it');
  }
}
