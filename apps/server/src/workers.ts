import {
  approvalDeadlineHandler,
  approvalResumeHandler,
  approvalResumeJob,
  dispatchDueSchedules,
  expireViewAsSessions,
  type JobQueue,
  type KnowledgeDeps,
  knowledgeIngestHandler,
  knowledgeIngestJob,
  knowledgeReindexTermsHandler,
  monitoringMinutesKeptMs,
  type PlatformDeps,
  pruneMonitoringMinutes,
  type RunDeps,
  type RunManager,
  runExecuteHandler,
  runExecuteJob,
  scheduleTickHandler,
  scheduleTickJob,
  startPeriodicTask,
  teamStepHandler,
  teamStepJob,
  whatsAppApprovalHandler,
  whatsAppInboundHandler,
  whatsAppInboundJob,
  whatsAppReplyHandler,
  whatsAppRunAnswerHandler,
} from '@renum/platform';
import type { Logger } from 'pino';

/**
 * Starts this process's share of the background work (ADR 0009, `RENUM_ROLE`): with `execute`, the
 * workers that run jobs (`run.execute`, `schedule.tick`, `team.step`, `knowledge.ingest`, `approval.resume`,
 * `approval.deadline`, `whatsapp.inbound`, `whatsapp.approval`, `whatsapp.reply` and every later job); without it (the `api` role)
 * the queue is started with no handlers, so it only enqueues (and, on BullMQ, relays what it enqueued).
 */
export function startRunWorker(options: {
  jobs: JobQueue;
  manager: RunManager;
  /** Chat runs executed at once (the `runs` queue). */
  concurrency: number;
  /** @defaultValue true */
  execute?: boolean;
  /** With these, this process also runs schedule ticks and team steps. */
  platform?: { deps: PlatformDeps; run: RunDeps } | undefined;
  /** Knowledge-base ingestion (issue 10); absent: this process does not ingest documents. */
  knowledge?: { deps: PlatformDeps; knowledge: KnowledgeDeps } | undefined;
}): Promise<void> {
  const execute = options.execute ?? true;
  const { platform, knowledge } = options;
  return options.jobs.start({
    handlers: execute
      ? [
          runExecuteHandler(options.manager),
          ...(platform
            ? [
                scheduleTickHandler({ ...platform, manager: options.manager }),
                teamStepHandler(platform.deps, platform.run, options.manager),
                approvalResumeHandler({ ...platform, manager: options.manager }),
                approvalDeadlineHandler(platform.deps, options.jobs),
                whatsAppInboundHandler({ ...platform, manager: options.manager }),
                whatsAppApprovalHandler(platform.deps, platform.run),
                whatsAppReplyHandler(platform.deps, platform.run),
                whatsAppRunAnswerHandler(platform.deps, platform.run),
              ]
            : []),
          ...(knowledge
            ? [
                knowledgeIngestHandler(knowledge.deps, knowledge.knowledge),
                knowledgeReindexTermsHandler(knowledge.deps),
              ]
            : []),
        ]
      : [],
    concurrency: {
      [knowledgeIngestJob.queue]: 2,
      [runExecuteJob.queue]: options.concurrency,
      [scheduleTickJob.queue]: 4,
      [approvalResumeJob.queue]: 4,
      // An inbound message's job waits for its run's answer: as many as chat runs at once.
      [whatsAppInboundJob.queue]: options.concurrency,
      // A team step holds its run for as long as it answers, like a chat run.
      [teamStepJob.queue]: options.concurrency,
    },
  });
}

/**
 * Hands the due ticks of every client's schedules to the jobs port every `intervalMs` (ADR 0023). Each
 * worker process runs one; they share the work through row locks, and each tick still becomes one job.
 * The answer stops it.
 */
export function startScheduleDispatcher(options: {
  deps: PlatformDeps;
  jobs: JobQueue;
  logger: Pick<Logger, 'error'>;
  /** @defaultValue 1000 */
  intervalMs?: number;
}): () => void {
  return startPeriodicTask({
    intervalMs: options.intervalMs ?? 1000,
    task: () => dispatchDueSchedules({ db: options.deps.db, jobs: options.jobs, clock: options.deps.clock }),
    onError: (error) => options.logger.error({ err: error }, 'schedule dispatch failed; retried next tick'),
  });
}

/**
 * Closes and audits the view-as sessions whose time ran out with nobody using or ending them
 * (`admin.view_as.expired`, ADR 0040), every `intervalMs`. Each worker process runs one; the conditional
 * update records each expiry once between them. The answer stops it.
 */
export function startViewAsExpiry(options: {
  deps: PlatformDeps;
  logger: Pick<Logger, 'error'>;
  /** @defaultValue 60000 */
  intervalMs?: number;
}): () => void {
  return startPeriodicTask({
    intervalMs: options.intervalMs ?? 60_000,
    task: () => expireViewAsSessions(options.deps, { now: options.deps.clock() }),
    onError: (error) => options.logger.error({ err: error }, 'view-as expiry failed; retried next tick'),
  });
}

/**
 * Deletes the monitoring minutes older than the day window and its margin (ADR 0062), every
 * `intervalMs`. Each worker process runs one; the deletes are idempotent, so they need no coordination.
 * A failure is logged and counted (kind `monitoring.prune`). The answer stops it.
 */
export function startMonitoringPrune(options: {
  deps: PlatformDeps;
  logger: Pick<Logger, 'error'>;
  /** @defaultValue 600000 (ten minutes) */
  intervalMs?: number;
}): () => void {
  const { deps } = options;
  return startPeriodicTask({
    intervalMs: options.intervalMs ?? 600_000,
    task: () =>
      pruneMonitoringMinutes(deps.db, { before: new Date(deps.clock().getTime() - monitoringMinutesKeptMs) }),
    onError: (error) => {
      deps.failures?.add('monitoring.prune');
      options.logger.error({ err: error }, 'monitoring prune failed; retried next tick');
    },
  });
}
