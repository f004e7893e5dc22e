import { AppError, isUuid, type MemberRole } from '@renum/contracts';
import { memberships, type Transaction } from '@renum/db';
import { and, eq } from 'drizzle-orm';

/** Only an owner may make or unmake an owner. */
export function assertMayAssign(actorRole: MemberRole, targetRoles: MemberRole[]): void {
  if (actorRole !== 'owner' && targetRoles.includes('owner')) {
    throw new AppError('FORBIDDEN', 'Only an owner can grant or change the owner role');
  }
}

/** The membership of `userId` in `clientId`, or `404 MEMBER_NOT_FOUND`. */
export async function loadMembership(tx: Transaction, clientId: string, userId: string) {
  const notFound = new AppError('MEMBER_NOT_FOUND', 'Member not found', { context: { user_id: userId } });
  if (!isUuid(userId)) throw notFound;
  const [row] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.client_id, clientId), eq(memberships.user_id, userId)));
  if (!row) throw notFound;
  return row;
}

/** Refuses to leave a client without an owner. */
export async function assertNotLastOwner(tx: Transaction, clientId: string, userId: string): Promise<void> {
  const owners = await tx
    .select({ userId: memberships.user_id })
    .from(memberships)
    .where(and(eq(memberships.client_id, clientId), eq(memberships.role, 'owner')));
  if (owners.length === 1 && owners[0]?.userId === userId) {
    throw new AppError('CONFLICT', 'A client must keep at least one owner');
  }
}
