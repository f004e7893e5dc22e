import { AppError, isUuid } from '@renum/contracts';
import { runs, type Transaction, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { runSchedules } from './run-schedules.ts';
import { runNames } from './run-summaries.ts';
import { runToWire } from './run-wire.ts';

/** Loads a run in the client scope, or throws `404 RUN_NOT_FOUND` (400 when malformed). */
export async function loadRun(tx: Transaction, runId: string) {
  if (!isUuid(runId))
    throw new AppError('VALIDATION_ERROR', 'Invalid run id: it must be a UUID', {
      context: { field: 'run_id' },
    });
  const [row] = await tx.select().from(runs).where(eq(runs.id, runId.toLowerCase()));
  if (!row) throw new AppError('RUN_NOT_FOUND', 'Run not found', { context: { run_id: runId } });
  return row;
}

/** Where the run's trace is read: the configured template with its id; null without either. */
function traceUrl(template: string | undefined, traceId: string | null): string | null {
  return template && traceId ? template.replaceAll('{trace_id}', traceId) : null;
}

/**
 * One run of the caller's client, with the schedule that started it, the names it is read by and where
 * its trace is read.
 */
export async function getRun(deps: PlatformDeps, options: { principal: Principal; runId: string }) {
  const { clientId } = requireClient(options.principal);
  return withClient(deps.db, clientId, async (tx) => {
    const row = await loadRun(tx, options.runId);
    const names = (await runNames(tx, [row])).get(row.id)!;
    const wire = runToWire(row, (await runSchedules(tx, [row])).get(row.id) ?? null);
    return { ...wire, ...names, trace_url: traceUrl(deps.traceUrl, wire.trace_id) };
  });
}
