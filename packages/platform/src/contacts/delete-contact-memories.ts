import { AppError, isUuid } from '@renum/contracts';
import { memories, withClient } from '@renum/db';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { loadContact } from './contact-id.ts';

/** Forgets one memory of a contact, or all of them when `memoryId` is absent. Returns how many. */
export async function deleteContactMemories(
  deps: PlatformDeps,
  options: { principal: Principal; contactId: string; memoryId?: string | undefined },
): Promise<{ deleted: number }> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin']);
  return withClient(deps.db, clientId, async (tx) => {
    const contact = await loadContact(tx, options.contactId);
    const conditions = [eq(memories.contact_id, contact.id)];
    if (options.memoryId !== undefined) {
      if (!isUuid(options.memoryId))
        throw new AppError('NOT_FOUND', 'Memory not found', { context: { memory_id: options.memoryId } });
      conditions.push(eq(memories.id, options.memoryId));
    }
    const removed = await tx
      .delete(memories)
      .where(and(...conditions))
      .returning({ id: memories.id });
    if (options.memoryId !== undefined && removed.length === 0) {
      throw new AppError('NOT_FOUND', 'Memory not found', { context: { memory_id: options.memoryId } });
    }
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: options.memoryId ? 'memory.delete' : 'memory.delete_all',
        targetType: 'contact',
        targetId: contact.id,
        clientId,
        data: { deleted: removed.length },
      },
    });
    return { deleted: removed.length };
  });
}
