import { AppError, jobIdempotencyKeySchema } from '@renum/contracts';
import type { Transaction } from '@renum/db';
import { type SQL, sql } from 'drizzle-orm';
import type { JobRow, LeaseGrant } from './claim-jobs.ts';
import type { JobDefinition } from './define-job.ts';

/** When and how a job is enqueued. */
export interface EnqueueOptions {
  /** Not before this time. @defaultValue now (or `delayMs` from now) */
  runAt?: Date | undefined;
  /** Not before this many milliseconds from now; ignored when `runAt` is given. @defaultValue 0 */
  delayMs?: number | undefined;
  /**
   * A second enqueue with the same key inserts nothing and answers the first job (whatever its state),
   * within one client: a key taken by another client's job is refused.
   */
  idempotencyKey?: string | undefined;
  /** 0: none; otherwise 1 (first) to 2 097 151, run after the unprioritised jobs. @defaultValue 0 */
  priority?: number | undefined;
  /**
   * The client the job belongs to. In a client transaction it is that client (another one is refused);
   * in platform scope, none unless given.
   */
  clientId?: string | null | undefined;
  /**
   * Local pick-up (ADR 0029): when this process runs the job's queue, has a free slot and the job is due
   * now, the job is stored already claimed by this process and runs here as soon as the transaction
   * commits, without a claim's transaction. Otherwise (or when the queue says no) it is enqueued as usual.
   * A claimed enqueue whose idempotency key is taken fails the transaction instead of answering the first.
   */
  runHere?: boolean | undefined;
  /**
   * With `runHere` granted to another process's worker (ADR 0073): read once the transaction has
   * committed and handed to that worker with the job, for its handler's `receive` (never a secret).
   */
  attachment?: (() => unknown) | undefined;
}

/** The job an enqueue stands for. */
export interface EnqueuedJob {
  id: string;
  queue: string;
  /** False when an earlier job with the same idempotency key was found instead. */
  created: boolean;
  runAt: Date;
}

/** An enqueue not yet run: its statement and the values it was built with. */
export interface PreparedEnqueue {
  /** Id of the job the statement inserts (a duplicate idempotency key answers another, see {@link readEnqueued}). */
  id: string;
  runAt: Date;
  /**
   * `select job_id, created from renum_enqueue_job(…)`. It can end a `combineWrites` statement; it must
   * be its last part, because Postgres skips a `WITH` part that only reads and that nothing references.
   */
  statement: SQL;
  /**
   * The same call as its kind and arguments, for a statement built once with {@link enqueueCallSql}
   * (`reusableStatement`, ADR 0074): `args[i]` goes to the placeholder `job_i`.
   */
  call: EnqueueCall;
  /** With a claim: the row as the statement stores it, claimed by this process. */
  claimed?: JobRow | undefined;
}

/** Which enqueue function a job's statement calls, and its arguments in order (JSON and times as text). */
export interface EnqueueCall {
  kind: EnqueueKind;
  args: readonly unknown[];
}

/** `renum_enqueue_job` (queued) or `renum_enqueue_claimed_job` (stored claimed, ADR 0029). */
export type EnqueueKind = 'queued' | 'claimed';

/** The arguments both enqueue functions begin with: id, queue, name, version, payload, client, priority, attempts. */
const commonTypes = ['uuid', 'text', 'text', 'integer', 'jsonb', 'uuid', 'integer', 'integer'] as const;

/** The two enqueue functions and the types of their arguments, in order (migrations 0011 and 0025). */
const enqueueFunctions: Record<EnqueueKind, { name: string; types: readonly string[] }> = {
  // Then: run at, idempotency key, now.
  queued: { name: 'renum_enqueue_job', types: [...commonTypes, 'timestamptz', 'text', 'timestamptz'] },
  // Then: idempotency key, now, lease token, owner, lease end.
  claimed: {
    name: 'renum_enqueue_claimed_job',
    types: [...commonTypes, 'text', 'timestamptz', 'uuid', 'text', 'timestamptz'],
  },
};

/**
 * `select job_id, created from <the kind's function>(…)` with `arg(i)` as its i-th argument: the arguments
 * themselves ({@link prepareEnqueue}), or placeholders `job_0`, `job_1`… for a statement built once.
 */
export function enqueueCallSql(kind: EnqueueKind, arg: (index: number) => unknown): SQL {
  const { name, types } = enqueueFunctions[kind];
  const args = types.map((type, index) => sql`${arg(index)}::${sql.raw(type)}`);
  return sql`select job_id, created from ${sql.raw(name)}(${sql.join(args, sql`, `)})`;
}

/** The values of a statement's enqueue built with {@link enqueueCallSql}'s placeholders, into `into`. */
export function enqueueCallValues(call: EnqueueCall, into: Record<string, unknown>): Record<string, unknown> {
  call.args.forEach((value, index) => {
    into[`job_${index}`] = value;
  });
  return into;
}

/** The placeholders `job_0`, `job_1`… of {@link enqueueCallSql} for a statement built once. */
export function enqueueCallPlaceholders(kind: EnqueueKind): SQL {
  return enqueueCallSql(kind, (index) => sql.placeholder(`job_${index}`));
}

/**
 * Validates a job and builds the statement that enqueues it (migration 0011's `renum_enqueue_job`, which
 * works in client and platform scope alike). Throws `VALIDATION_ERROR` for a payload that does not match
 * the job's schema or options out of range: a programming error, since payloads come from our code.
 */
export function prepareEnqueue<Payload>(
  job: JobDefinition<Payload>,
  payload: Payload,
  options: EnqueueOptions,
  deps: { clock: () => Date; newId: () => string },
  /** Stores the job already claimed under this lease (`renum_enqueue_claimed_job`, migration 0025). */
  claim?: LeaseGrant,
): PreparedEnqueue {
  const parsed = job.payload.safeParse(payload);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      field: ['payload', ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
    throw new AppError('VALIDATION_ERROR', `Invalid payload for job ${job.key}`, {
      context: { job: job.key, details },
    });
  }
  checkOptions(job, options);
  const now = deps.clock();
  const runAt = options.runAt ?? new Date(now.getTime() + (options.delayMs ?? 0));
  const id = deps.newId();
  if (claim) return prepareClaimed(job, parsed.data, options, { id, claim });
  const call: EnqueueCall = {
    kind: 'queued',
    args: [
      id,
      job.queue,
      job.name,
      job.version,
      JSON.stringify(parsed.data),
      options.clientId ?? null,
      options.priority ?? 0,
      job.retry.attempts,
      runAt.toISOString(),
      options.idempotencyKey ?? null,
      now.toISOString(),
    ],
  };
  return withStatement({ id, runAt, call });
}

/** The prepared enqueue with its statement, built from its call when first asked for. */
function withStatement(prepared: Omit<PreparedEnqueue, 'statement'>): PreparedEnqueue {
  let statement: SQL | undefined;
  return {
    ...prepared,
    get statement() {
      statement ??= enqueueCallSql(prepared.call.kind, (index) => prepared.call.args[index]);
      return statement;
    },
  };
}

function prepareClaimed<Payload>(
  job: JobDefinition<Payload>,
  payload: Payload,
  options: EnqueueOptions,
  { id, claim }: { id: string; claim: LeaseGrant },
): PreparedEnqueue {
  const { now } = claim;
  const expires = new Date(now.getTime() + claim.leaseMs);
  const claimed: JobRow = {
    id,
    queue: job.queue,
    name: job.name,
    version: job.version,
    payload,
    client_id: options.clientId ?? null,
    status: 'running',
    priority: options.priority ?? 0,
    attempts: 1,
    max_attempts: job.retry.attempts,
    run_at: now,
    lease_token: claim.token,
    lease_owner: claim.owner,
    lease_expires_at: expires,
    last_error: null,
    idempotency_key: options.idempotencyKey ?? null,
    created_at: now,
    updated_at: now,
    completed_at: null,
    relayed_at: now,
  };
  const call: EnqueueCall = {
    kind: 'claimed',
    args: [
      id,
      job.queue,
      job.name,
      job.version,
      JSON.stringify(payload),
      options.clientId ?? null,
      options.priority ?? 0,
      job.retry.attempts,
      options.idempotencyKey ?? null,
      now.toISOString(),
      claim.token,
      claim.owner,
      expires.toISOString(),
    ],
  };
  return withStatement({ id, runAt: now, call, claimed });
}

function checkOptions(job: JobDefinition<unknown>, options: EnqueueOptions): void {
  const problem =
    options.idempotencyKey !== undefined && !jobIdempotencyKeySchema.safeParse(options.idempotencyKey).success
      ? 'idempotencyKey must be 1 to 400 characters'
      : options.priority !== undefined &&
          !(Number.isInteger(options.priority) && options.priority >= 0 && options.priority <= 2_097_151)
        ? 'priority must be an integer from 0 to 2097151'
        : options.delayMs !== undefined && !(Number.isFinite(options.delayMs) && options.delayMs >= 0)
          ? 'delayMs must be a finite number of milliseconds, 0 or more'
          : options.runAt !== undefined && Number.isNaN(options.runAt.getTime())
            ? 'runAt must be a valid date'
            : null;
  if (problem) {
    throw new AppError('VALIDATION_ERROR', `Invalid options for job ${job.key}: ${problem}`, {
      context: { job: job.key },
    });
  }
}

/** The job the executed statement of {@link prepareEnqueue} stands for. */
export function readEnqueued(
  job: JobDefinition<unknown>,
  prepared: PreparedEnqueue,
  rows: readonly Record<string, unknown>[],
): EnqueuedJob {
  const row = rows[0];
  if (!row) throw new Error(`renum_enqueue_job answered nothing for job ${job.key}`);
  return {
    id: String(row.job_id),
    queue: job.queue,
    created: row.created === true,
    runAt: prepared.runAt,
  };
}

/** Runs an enqueue statement in `tx`: the job exists if and only if `tx` commits. */
export async function insertJob(tx: Transaction, statement: SQL): Promise<Record<string, unknown>[]> {
  const result = (await tx.execute(statement)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}
