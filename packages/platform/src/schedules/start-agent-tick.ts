import { AppError } from '@renum/contracts';
import { scheduleExecutions, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { Principal } from '../principal.ts';
import { sendMessage } from '../runs/send-message.ts';
import type { ScheduleTickDeps } from './run-schedule-tick.ts';

/**
 * Sends a tick's prompt in the tick's conversation as a run, metered, budget- and quota-checked like any
 * run, and records the run on the execution. The send carries the key `schedule:<execution id>`, so a
 * retried job answers the first run instead of starting a second. A run refused for a client reason
 * (budget, quota, model not configured) is recorded as a failed execution, not retried; so is a prompt a
 * person's takeover held (ADR 0022). Answers the run's id, or null when none started.
 */
export async function startAgentTick(
  tick: ScheduleTickDeps,
  options: { executionId: string; clientId: string; conversationId: string; content: string },
): Promise<string | null> {
  const { deps } = tick;
  const { clientId, executionId } = options;
  try {
    const sent = await sendMessage(deps, {
      principal: schedulePrincipal(clientId),
      run: tick.run,
      manager: tick.manager,
      conversationId: options.conversationId,
      content: options.content,
      idempotencyKey: `schedule:${executionId}`,
    });
    const update = sent.run
      ? { run_id: sent.run.id }
      : {
          status: 'failed' as const,
          reason: 'A person holds the conversation: the message was not answered',
        };
    await withClient(deps.db, clientId, (tx) =>
      tx.update(scheduleExecutions).set(update).where(eq(scheduleExecutions.id, executionId)),
    );
    return sent.run?.id ?? null;
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    await withClient(deps.db, clientId, (tx) =>
      tx
        .update(scheduleExecutions)
        .set({ status: 'failed', reason: `${error.code}: ${error.message}` })
        .where(eq(scheduleExecutions.id, executionId)),
    );
    return null;
  }
}

/** Who a scheduled run acts as: the client itself, with no person or key behind it. */
function schedulePrincipal(clientId: string): Principal {
  return { kind: 'api_key', userId: null, apiKeyId: null, clientId, role: 'owner', platformRole: 'none' };
}
