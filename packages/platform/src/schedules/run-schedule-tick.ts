import {
  type AgentScheduleTarget,
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
import type { RunDeps } from '../runs/run-deps.ts';
import type { RunManager } from '../runs/run-manager.ts';
import { runBuiltinTick } from './builtin/run-builtin-tick.ts';
import { scheduleTickJob } from './schedule-jobs.ts';
import type { ScheduleRow } from './schedule-wire.ts';
import { startAgentTick } from './start-agent-tick.ts';
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
 * agent opens a conversation and sends the schedule's prompt as a run ({@link startAgentTick}); a team
 * starts an execution ({@link startTeamTick}); a built-in job runs for the client ({@link runBuiltinTick}).
 * Runs are metered, budget- and quota-checked like any run.
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
  if (target.type === 'builtin') {
    await runBuiltinTick(tick, { execution, clientId, target });
    return;
  }
  await startAgentTick(tick, {
    executionId: execution.id,
    clientId,
    conversationId: execution.conversation_id!,
    content: target.prompt,
  });
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

/** Opens the conversation of a schedule's tick with an agent (and the target's contact, if any). */
export async function openConversation(
  deps: PlatformDeps,
  tx: Transaction,
  schedule: Pick<ScheduleRow, 'client_id' | 'name'>,
  target: Pick<AgentScheduleTarget, 'agent_id' | 'contact'>,
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
