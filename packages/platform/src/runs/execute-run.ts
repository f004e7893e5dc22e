import type { RunEvent } from '@renum/contracts';
import { runNote } from '@renum/contracts';
import { isPoolExhausted, runs, withClient } from '@renum/db';
import type { RunExecution } from '@renum/runtime';
import { and, eq } from 'drizzle-orm';
import { announceConversationActivity } from '../conversations/conversation-feed.ts';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { runAgentStep } from './agent-step.ts';
import type { ClaimedRun } from './claim-run.ts';
import { earlierAttemptShown } from './earlier-attempt.ts';
import type { RunDeps } from './run-deps.ts';
import { openRunEventWriter, type RunEventWriter } from './run-event-writer.ts';
import { RunLeaseLost } from './run-fence.ts';
import { interruptedEvent, isHandedBack, isInterrupted } from './run-interruption.ts';
import type { JobCompletion } from './run-jobs.ts';
import { endRun, type SettleHook, type Settlement, settleRun } from './settle-run.ts';

/** A run taken over this many times without settling fails `INTERRUPTED` instead of being tried again. */
export const maxRunClaims = 3;

/** How one execution of a claimed run ended for this worker. */
export type ExecuteOutcome = 'settled' | 'handed-back' | 'fenced';

/**
 * Executes a run this worker claimed (ADR 0009): announces it (`resumed` when another worker had it and may
 * have shown part of it), runs the agent step, and settles it fenced by the lease. A stop asked before the
 * claim, or a run taken over too often, is settled without calling the model. Rejects when the settlement itself failed: the
 * job is then retried and the next claim resumes the run, so it never stays `running`.
 */
export async function executeRun(options: {
  deps: PlatformDeps;
  run: RunDeps;
  claimed: ClaimedRun;
  /** The job's lease, completed by the settlement's statement. */
  completion?: JobCompletion | undefined;
  /** Work that commits with the run's settlement (a team step's record, ADR 0057). */
  hook?: SettleHook | undefined;
  signal: AbortSignal;
  onExecution: (execution: RunExecution) => void;
  /** Called when a lease renewal finds a stop asked (the bus message may have been missed). */
  onCancelRequested: () => void;
  /** Called when a lease renewal finds the run is no longer this worker's. */
  onLeaseLost: () => void;
}): Promise<ExecuteOutcome> {
  const { deps, run, claimed } = options;
  const context = claimed.context;
  if (!context) return 'settled';
  const writer = await openRunEventWriter({
    db: deps.db,
    bus: run.bus,
    onPublishError: run.onPublishError,
    clientId: context.run.client_id,
    conversationId: context.conversation.id,
    runId: context.run.id,
    clock: deps.clock,
    newId: deps.newId,
    block: claimed.seq,
    onPersistError: (error) => reportRunFailure(deps, 'events_persist', context.run.id, error),
  });
  const renewal = renewLease(options);
  try {
    const early = await settleBeforeStep(deps, claimed, writer);
    if (early) return await published(deps, claimed, writer, early);
    writer.emit(
      claimed.run.claims > 1 && (await shownBefore(deps, options.run, claimed))
        ? {
            type: 'status',
            status: 'running',
            resumed: true,
            content: '🔄 Retomando a resposta...',
            ...runNote('run.resuming'),
          }
        : {
            type: 'status',
            status: 'running',
            content: '🤔 Processando sua solicitação...',
            ...runNote('run.processing'),
          },
    );
    const outcome = await runAgentStep({ ...options, context, writer });
    if (isHandedBack(options.signal)) return 'handed-back';
    const { completion, hook } = options;
    const settled = await settleRun(deps, { claimed, context, writer, outcome, completion, hook });
    return await published(deps, claimed, writer, settled.event, settled.conversation);
  } catch (error) {
    return await afterFailure(options, writer, error);
  } finally {
    clearInterval(renewal);
    await writer.close(); // a batch it cannot store is reported (run.events_persist), never thrown
  }
}

/**
 * Publishes a committed terminal event to the conversation's followers, and tells the client's other
 * screens (the inbox) that the conversation's activity changed (ADR 0068).
 */
async function published(
  deps: PlatformDeps,
  claimed: ClaimedRun,
  writer: RunEventWriter,
  event: RunEvent | null,
  /** The conversation as the settlement's statement left it, when it returned it: then it is not read again. */
  conversation?: Settlement['conversation'],
): Promise<ExecuteOutcome> {
  if (!event) return 'fenced';
  await writer.publish(event);
  if (claimed.run.conversation_id) {
    announceConversationActivity(deps, {
      clientId: claimed.run.client_id,
      conversationId: claimed.run.conversation_id,
      conversation,
    });
  }
  return 'settled';
}

/**
 * On a second or later claim: whether an earlier attempt may have been seen, so the run says it resumes
 * (watchers then replace that attempt's partial answer). If that cannot be told, it says so: a needless
 * "resuming" costs nothing, a missing one would show the abandoned text beside the new.
 */
function shownBefore(deps: PlatformDeps, run: RunDeps, claimed: ClaimedRun): Promise<boolean> {
  return earlierAttemptShown(deps, run, claimed).catch((error: unknown) => {
    reportRunFailure(deps, 'resume_check', claimed.run.id, error);
    return true;
  });
}

/** A stop asked before the claim, or too many claims: the run ends here, without a model call. */
function settleBeforeStep(deps: PlatformDeps, claimed: ClaimedRun, writer: RunEventWriter) {
  const base = {
    clientId: claimed.run.client_id,
    runId: claimed.run.id,
    leaseToken: claimed.leaseToken,
    writer,
  };
  if (claimed.run.cancel_requested_at) {
    return endRun(deps, {
      ...base,
      set: { status: 'stopped' },
      draft: { type: 'status', status: 'stopped', content: '⏹️ Interrompido', ...runNote('run.stopped') },
    });
  }
  if (claimed.run.claims > maxRunClaims) {
    return endRun(deps, {
      ...base,
      set: {
        status: 'failed',
        error_code: 'INTERRUPTED',
        error_message: `The answer was interrupted ${maxRunClaims} times; send the message again`,
      },
      draft: interruptedEvent,
    });
  }
  return Promise.resolve(null);
}

/**
 * After a failed step or settlement: a worker that lost the run or handed it back writes nothing; a run
 * that failed because every database connection was busy is left for its job's retry; otherwise the run fails (`INTERRUPTED` when this process is stopping, `INTERNAL_ERROR` else). If even
 * that cannot be written, the error propagates and the job is retried.
 */
async function afterFailure(
  options: Parameters<typeof executeRun>[0],
  writer: RunEventWriter,
  error: unknown,
): Promise<ExecuteOutcome> {
  const { deps, claimed } = options;
  if (error instanceof RunLeaseLost) {
    reportRunFailure(deps, 'fenced', claimed.run.id, error);
    return 'fenced';
  }
  if (isHandedBack(options.signal)) return 'handed-back';
  if (isPoolExhausted(error)) {
    // An overload, not a fault of the run: the job is retried after its backoff and the next claim
    // resumes the run (bounded by the claim limit), instead of failing the person's answer.
    reportRunFailure(deps, 'overloaded', claimed.run.id, error);
    throw error;
  }
  const interrupted = isInterrupted(options.signal);
  if (!interrupted) reportRunFailure(deps, 'failed', claimed.run.id, error);
  const event = await endRun(deps, {
    clientId: claimed.run.client_id,
    runId: claimed.run.id,
    leaseToken: claimed.leaseToken,
    writer,
    set: {
      status: 'failed',
      error_code: interrupted ? 'INTERRUPTED' : 'INTERNAL_ERROR',
      error_message: (error as Error)?.message ?? String(error),
    },
    draft: interrupted
      ? interruptedEvent
      : {
          type: 'error',
          code: 'INTERNAL_ERROR',
          error: 'The run failed unexpectedly',
          retryable: false,
          content: '❌ Erro',
          ...runNote('run.failed'),
        },
  }).catch((settleError: unknown) => {
    if (settleError instanceof RunLeaseLost) return null;
    throw settleError;
  });
  return published(deps, claimed, writer, event);
}

/**
 * Renews the run's lease, fenced by its token; the renewal also reads whether a stop was asked, so a
 * missed bus message delays a stop by one renewal at most.
 */
function renewLease(options: Parameters<typeof executeRun>[0]): NodeJS.Timeout {
  const { deps, run, claimed } = options;
  const renew = async () => {
    const [row] = await withClient(deps.db, claimed.run.client_id, (tx) =>
      tx
        .update(runs)
        .set({ lease_expires_at: new Date(deps.clock().getTime() + run.leaseMs) })
        .where(and(eq(runs.id, claimed.run.id), eq(runs.lease_token, claimed.leaseToken)))
        .returning({ cancel: runs.cancel_requested_at }),
    );
    if (!row) options.onLeaseLost();
    else if (row.cancel) options.onCancelRequested();
  };
  return setInterval(
    () =>
      void renew().catch((error: unknown) => reportRunFailure(deps, 'lease_renewal', claimed.run.id, error)),
    Math.max(250, Math.floor(run.leaseMs / 3)),
  );
}

/** Releases a run this worker gives up (handed back): the next claim takes it over at once. */
export async function releaseRun(deps: PlatformDeps, claimed: ClaimedRun): Promise<void> {
  await withClient(deps.db, claimed.run.client_id, (tx) =>
    tx
      .update(runs)
      .set({ lease_expires_at: deps.clock(), lease_owner: null })
      .where(and(eq(runs.id, claimed.run.id), eq(runs.lease_token, claimed.leaseToken))),
  );
}

/** A background failure of a run: logged with its cause and the run's id, and counted under `run.<kind>`. */
export function reportRunFailure(deps: PlatformDeps, kind: string, runId: string, error: unknown): void {
  reportFailure(deps, `run.${kind}`, error, { run_id: runId });
}
