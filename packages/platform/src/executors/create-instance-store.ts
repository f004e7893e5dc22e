import { executorInstances, withPlatform } from '@renum/db';
import type { InstanceRecord, InstanceStore } from '@renum/runtime';
import { and, eq, inArray } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';

type Row = typeof executorInstances.$inferSelect;

function toRecord(row: Row): InstanceRecord {
  return {
    clientId: row.client_id,
    provider: row.provider,
    status: row.status,
    url: row.url,
    containerId: row.container_id,
    error: row.error,
  };
}

/**
 * The instance providers' records in `executor_instances` (migration 0036), one row per client and
 * executor, written in platform scope: the providers act for the deployment, not for a client.
 */
export function createInstanceStore(deps: Pick<PlatformDeps, 'db' | 'newId' | 'clock'>): InstanceStore {
  return {
    find: async (clientId) => {
      const [row] = await withPlatform(deps.db, (tx) =>
        tx
          .select()
          .from(executorInstances)
          .where(and(eq(executorInstances.client_id, clientId), eq(executorInstances.executor, 'suna'))),
      );
      return row ? toRecord(row) : undefined;
    },
    save: async (record) => {
      const set = {
        provider: record.provider,
        status: record.status,
        url: record.url,
        container_id: record.containerId,
        error: record.error?.slice(0, 2000) ?? null,
        updated_at: deps.clock(),
      };
      await withPlatform(deps.db, (tx) =>
        tx
          .insert(executorInstances)
          .values({ id: deps.newId(), client_id: record.clientId, executor: 'suna', ...set })
          .onConflictDoUpdate({ target: [executorInstances.client_id, executorInstances.executor], set }),
      );
    },
    listActive: async (provider) => {
      const rows = await withPlatform(deps.db, (tx) =>
        tx
          .select()
          .from(executorInstances)
          .where(
            and(
              eq(executorInstances.provider, provider),
              inArray(executorInstances.status, ['starting', 'running']),
            ),
          ),
      );
      return rows.map(toRecord);
    },
  };
}
