import {
  type AgentScheduleTarget,
  AppError,
  type ScheduleTickJobPayload,
  scheduleTargetSchema,
} from '@renum/contracts';
import {
  conversations,
  runs,
  scheduleExecutions,
  schedules,
  type Transaction,
  teamExecutions,
  withClient,
} from '@renum/db';
import { and, eq, inArray, or } from 'drizzle-orm';
import { upsertContact } from '../conversations/upsert-contact.ts';
import { handleJob } from '../jobs/job-handler.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { sendMessage } from '../runs/send-message.ts';
import { scheduleTickJob } from './schedule-jobs.ts';
import type { ScheduleRow } from './schedule-wire.ts';
import { startTeamTick } from './start-team-tick.ts';

/** What a tick's handler needs to start an agent run. */
export interface ScheduleTickDeps {
  deps: PlatformDeps;
  run: RunDeps;
  manager: RunManager;
}

type Execution = typeof scheduleExecutions.$inferSelect;

/** Statuses of a run that is still going (the overlap policy's "previous run"). */
const activeRunStatuses = ['queued', 'running'] as const;

/**
 * Handles one tick: records it once (unique on schedule and tick), applies the overlap policy, and for an
 * agent opens a conversation and sends the schedule's prompt as a run (a team: starts an execution,
 * {@link startTeamTick}), metered, budget- and
 * quota-checked like any run. The send carries the key `schedule:<execution id>`, so a retried job
 * answers the first run instead of starting a second. A run refused for a client reason (budget, quota,
 * model not configured) is recorded as a failed execution, not retried.
 */
export async function runScheduleTick(
  tick: ScheduleTickDeps,
  payload: ScheduleTickJobPayload,
): Promise<void> {
  const { deps } = tick;
  const clientId = payload.client_id;
  const execution = await withClient(deps.db, clientId, (tx) => recordTick(deps, tx, payload));
  if (execution?.status !== 'started' || execution.run_id || execution.execution_id) return;
  const target = scheduleTargetSchema.parse(execution.target);
  if (target.type === 'team') {
    await startTeamTick(tick, { executionId: execution.id, clientId, target });
    return;
  }
  try {
    const sent = await sendMessage(deps, {
      principal: schedulePrincipal(clientId),
      run: tick.run,
      manager: tick.manager,
      conversationId: execution.conversation_id!,
      content: target.prompt,
      idempotencyKey: `schedule:${execution.id}`,
    });
    // A person holds the conversation (takeover, ADR 0022): the prompt is stored, not answered.
    const update = sent.run
      ? { run_id: sent.run.id }
      : {
          status: 'failed' as const,
          reason: 'A person holds the conversation: the message was not answered',
        };
    await withClient(deps.db, clientId, (tx) =>
      tx.update(scheduleExecutions).set(update).where(eq(scheduleExecutions.id, execution.id)),
    );
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    await withClient(deps.db, clientId, (tx) =>
      tx
        .update(scheduleExecutions)
        .set({ status: 'failed', reason: `${error.code}: ${error.message}` })
        .where(eq(scheduleExecutions.id, execution.id)),
    );
  }
}

/** The `schedule.tick` handler of this process. */
export const scheduleTickHandler = (tick: ScheduleTickDeps) =>
  handleJob(scheduleTickJob, (payload) => runScheduleTick(tick, payload));

/**
 * The one transaction of a tick: the execution row (or the one an earlier attempt wrote), and for a new
 * started tick its conversation. Null when the schedule is gone or was paused before a timed tick ran.
 */
async function recordTick(deps: PlatformDeps, tx: Transaction, payload: ScheduleTickJobPayload) {
  const [schedule] = await tx
    .select()
    .from(schedules)
    .where(eq(schedules.id, payload.schedule_id))
    .for('update');
  if (!schedule || (payload.trigger === 'tick' && !schedule.enabled)) return null;
  const tickAt = new Date(payload.tick_at);
  const [earlier] = await tx
    .select()
    .from(scheduleExecutions)
    .where(and(eq(scheduleExecutions.schedule_id, schedule.id), eq(scheduleExecutions.tick_at, tickAt)));
  if (earlier) return { ...earlier, target: schedule.target };
  const overlapping = schedule.overlap_policy === 'skip' && (await previousTickGoing(tx, schedule.id));
  const target = scheduleTargetSchema.parse(schedule.target);
  const conversationId =
    overlapping || target.type !== 'agent' ? null : await openConversation(deps, tx, schedule, target);
  const [row] = await tx
    .insert(scheduleExecutions)
    .values({
      id: deps.newId(),
      client_id: schedule.client_id,
      schedule_id: schedule.id,
      tick_at: tickAt,
      trigger: payload.trigger,
      status: overlapping ? 'skipped' : 'started',
      reason: overlapping ? 'The previous run of this schedule is still going (overlap policy: skip)' : null,
      conversation_id: conversationId,
    })
    .returning();
  return { ...(row as Execution), target: schedule.target };
}

/**
 * Whether the previous tick's run (or team execution) is still going. A run suspended for an approval
 * holds nothing and does not count (ADR 0039): the next tick runs.
 */
async function previousTickGoing(tx: Transaction, scheduleId: string): Promise<boolean> {
  const [going] = await tx
    .select({ id: scheduleExecutions.id })
    .from(scheduleExecutions)
    .leftJoin(runs, eq(runs.id, scheduleExecutions.run_id))
    .leftJoin(teamExecutions, eq(teamExecutions.id, scheduleExecutions.execution_id))
    .where(
      and(
        eq(scheduleExecutions.schedule_id, scheduleId),
        or(
          inArray(runs.status, [...activeRunStatuses]),
          inArray(teamExecutions.status, ['pending', 'running']),
        ),
      ),
    )
    .limit(1);
  return going !== undefined;
}

async function openConversation(
  deps: PlatformDeps,
  tx: Transaction,
  schedule: ScheduleRow,
  target: AgentScheduleTarget,
): Promise<string> {
  const contact = target.contact
    ? await upsertContact(tx, { clientId: schedule.client_id, id: deps.newId(), input: target.contact })
    : null;
  const id = deps.newId();
  await tx.insert(conversations).values({
    id,
    client_id: schedule.client_id,
    agent_id: target.agent_id,
    contact_id: contact?.id ?? null,
    user_id: null,
    channel: 'api',
    title: schedule.name,
  });
  return id;
}

/** Who a scheduled run acts as: the client itself, with no person or key behind it. */
function schedulePrincipal(clientId: string): Principal {
  return { kind: 'api_key', userId: null, apiKeyId: null, clientId, role: 'owner', platformRole: 'none' };
}
