import type { BuiltinScheduleTarget } from '@renum/contracts';
import { notifications, scheduleExecutions, type Transaction, withClient, withPlatform } from '@renum/db';
import { and, eq, sql } from 'drizzle-orm';
import { storeNotification } from '../../notifications/notification-feed.ts';
import type { ScheduleTickDeps } from '../run-schedule-tick.ts';
import { openConversation } from '../run-schedule-tick.ts';
import { startAgentTick } from '../start-agent-tick.ts';
import { type DailyFigures, gatherDailyFigures, plainSummary } from './daily-figures.ts';

/** The notification kind of a daily report; its payload is the stored report. */
export const dailyReportKind = 'report.daily';

/**
 * The daily report (seed 004 #4, ADR 0049): the client's figures of the 24 hours before the tick
 * ({@link gatherDailyFigures}) stored as a `report.daily` web notification (one per tick: its dedup key is
 * the schedule and tick) with a plain summary. With an agent in the target, the agent also writes the
 * summary in a run of a new conversation, metered and budget-checked like any run; the notification and
 * the execution name that run. Delivered to the web notifications: WhatsApp delivery waits for the client's
 * WhatsApp channel (ADR 0049).
 */
export async function runDailyReport(
  tick: ScheduleTickDeps,
  options: {
    execution: { id: string; schedule_id: string; tick_at: Date; conversation_id?: string | null };
    clientId: string;
    target: BuiltinScheduleTarget;
  },
): Promise<Record<string, unknown>> {
  const { deps } = tick;
  const { execution, clientId, target } = options;
  const stored = await withClient(deps.db, clientId, async (tx) => {
    const figures = await gatherDailyFigures(tx, { clientId, end: execution.tick_at });
    const conversationId = target.agent_id
      ? (execution.conversation_id ?? (await reportConversation(tick, tx, { clientId, execution, target })))
      : null;
    const notificationId = await storeReport(tick, tx, { clientId, execution, figures, conversationId });
    return { figures, conversationId, notificationId };
  });
  const runId = stored.conversationId
    ? await startAgentTick(tick, {
        executionId: execution.id,
        clientId,
        conversationId: stored.conversationId,
        content: reportPrompt(stored.figures),
      })
    : null;
  if (runId) {
    // The application's role may only mark notifications read (migration 0006): the platform's links the run.
    await withPlatform(deps.db, (tx) =>
      tx
        .update(notifications)
        .set({ payload: sql`${notifications.payload} || ${JSON.stringify({ run_id: runId })}::jsonb` })
        .where(and(eq(notifications.id, stored.notificationId), eq(notifications.client_id, clientId))),
    );
  }
  return { notification_id: stored.notificationId, run_id: runId, ...stored.figures };
}

async function reportConversation(
  tick: ScheduleTickDeps,
  tx: Transaction,
  options: { clientId: string; execution: { id: string }; target: BuiltinScheduleTarget },
): Promise<string> {
  const id = await openConversation(
    tick.deps,
    tx,
    { client_id: options.clientId, name: 'Daily report' },
    { agent_id: options.target.agent_id! },
  );
  await tx
    .update(scheduleExecutions)
    .set({ conversation_id: id })
    .where(eq(scheduleExecutions.id, options.execution.id));
  return id;
}

/** Stores the report once per tick and answers its notification's id (the earlier one on a retry). */
async function storeReport(
  tick: ScheduleTickDeps,
  tx: Transaction,
  options: {
    clientId: string;
    execution: { id: string; schedule_id: string; tick_at: Date };
    figures: DailyFigures;
    conversationId: string | null;
  },
): Promise<string> {
  const dedupKey = `${options.execution.schedule_id}:${options.execution.tick_at.toISOString()}`;
  const inserted = await storeNotification(tx, tick.deps, {
    id: tick.deps.newId(),
    clientId: options.clientId,
    kind: dailyReportKind,
    dedupKey,
    payload: {
      ...options.figures,
      summary: plainSummary(options.figures),
      message: `Daily report: ${plainSummary(options.figures)}`,
      schedule_id: options.execution.schedule_id,
      schedule_execution_id: options.execution.id,
      conversation_id: options.conversationId,
    },
    ignoreDuplicate: true,
  });
  if (inserted) return inserted.id;
  const [earlier] = await tx
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.kind, dailyReportKind), eq(notifications.dedup_key, dedupKey)));
  return earlier!.id;
}

/** What the agent is asked to write: a short summary of the day's figures, for the client's owner. */
function reportPrompt(figures: DailyFigures): string {
  return [
    'Write the daily report of this account for its owner: a short summary of the day below (what went',
    'well, what failed and needs attention, the cost), in the language of your instructions.',
    '',
    JSON.stringify(figures, null, 2),
  ].join('\n');
}
