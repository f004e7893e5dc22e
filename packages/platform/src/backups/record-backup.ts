import { withPlatform } from '@renum/db';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';

/**
 * Checks that a platform admin asks for a backup of the embedded database and records it in the audit
 * log before the copy is taken (ADR 0050); the caller then streams the copy.
 */
export async function recordBackup(
  deps: PlatformDeps,
  options: { principal: Principal; databaseKind: 'pglite' | 'postgres' },
): Promise<void> {
  requirePlatformAdmin(options.principal);
  await withPlatform(deps.db, (tx) =>
    recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.backup',
        targetType: 'database',
        clientId: null,
        data: { database: options.databaseKind },
      },
    }),
  );
}
