import {
  type Database,
  jobs,
  narrowingColumn,
  reusableSelect,
  type Transaction,
  withPlatform,
} from '@renum/db';
import { and, eq, getTableColumns, inArray, lt, lte, or, type SQL, sql } from 'drizzle-orm';

/** A row of the `jobs` table. */
export type JobRow = typeof jobs.$inferSelect;

/** The lease a claim grants. One token serves a whole claim: it is always checked with the job's id. */
export interface LeaseGrant {
  token: string;
  /** Names the process, for people reading the table. */
  owner: string;
  now: Date;
  leaseMs: number;
}

/**
 * Due rows (`queued`, or `failed` awaiting a retry, whose time has come), and running rows whose lease
 * expired with attempts left: the crash recovery, since a worker that dies stops renewing its lease.
 */
function claimable(now: Date | SQL): SQL {
  return or(
    and(inArray(jobs.status, ['queued', 'failed']), lte(jobs.run_at, now)),
    and(eq(jobs.status, 'running'), lt(jobs.lease_expires_at, now), lt(jobs.attempts, jobs.max_attempts)),
  ) as SQL;
}

/** A row's `name@version`, the key a worker's handlers are listed by. */
const jobKey = sql`${jobs.name} || '@' || ${jobs.version}`;

/** Only versions this worker has a handler for: a rolling deploy leaves the others to their workers. */
function handledBy(keys: readonly string[]): SQL {
  return inArray(jobKey, [...keys]);
}

/** The lease a claim writes, as values or as the named claim's placeholders. */
interface LeaseValues {
  token: string | SQL;
  owner: string | SQL;
  expiresAt: Date | SQL;
  now: Date | SQL;
}

function leaseValues(lease: LeaseGrant): LeaseValues & { expiresAt: Date } {
  return { ...lease, expiresAt: new Date(lease.now.getTime() + lease.leaseMs) };
}

function leaseSet(lease: LeaseValues) {
  return {
    status: 'running' as const,
    attempts: sql`${jobs.attempts} + 1`,
    lease_token: lease.token,
    lease_owner: lease.owner,
    lease_expires_at: lease.expiresAt,
    updated_at: lease.now,
  };
}

/**
 * Claims up to `limit` jobs of a queue in one statement (`UPDATE … WHERE id IN (SELECT … FOR UPDATE
 * SKIP LOCKED LIMIT n) RETURNING *`): concurrent claimers skip each other's rows instead of waiting, and
 * no row is handed out twice. Each claim counts as an attempt. Every queue's poller sends it every
 * `pollMs`, found work or not: it is one named statement for all queues (ADR 0081), parsed and planned
 * once per connection instead of at every poll.
 */
export function claimJobs(
  db: Database,
  options: { queue: string; keys: readonly string[]; limit: number; lease: LeaseGrant },
): Promise<JobRow[]> {
  const { lease } = options;
  if (options.keys.length === 0 || options.limit < 1) return Promise.resolve([]);
  const { expiresAt } = leaseValues(lease);
  return withPlatform(db, (tx) =>
    claimStatement(tx, {
      queue: options.queue,
      keys: [...options.keys],
      limit: options.limit,
      now: lease.now.toISOString(),
      token: lease.token,
      owner: lease.owner,
      expiresAt: expiresAt.toISOString(),
    }),
  );
}

/**
 * {@link claimJobs}'s statement, its inputs as placeholders sent as they are (times as ISO text, `keys` as a
 * text array).
 */
const claimStatement = reusableSelect('renum_jobs_claim', (tx) => {
  const now = sql`${sql.placeholder('now')}::timestamptz`;
  const due = tx
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.queue, sql`${sql.placeholder('queue')}`),
        sql`${jobKey} = any(${sql.placeholder('keys')}::text[])`,
        claimable(now),
      ),
    )
    .orderBy(jobs.priority, jobs.run_at, jobs.id)
    .limit(sql.placeholder('limit'))
    .for('update', { skipLocked: true });
  const lease = {
    token: sql`${sql.placeholder('token')}`,
    owner: sql`${sql.placeholder('owner')}`,
    expiresAt: sql`${sql.placeholder('expiresAt')}::timestamptz`,
    now,
  };
  return tx.update(jobs).set(leaseSet(lease)).where(inArray(jobs.id, due)).returning();
});

/** What a targeted claim found: the claimed row, or the row as it is (null: no such job). */
export type TargetedClaim<Alongside = never> =
  | {
      claimed: true;
      row: JobRow;
      /** What `alongside` answered; undefined when it did not run (no such option, or a job of no client). */
      alongside?: Alongside | undefined;
    }
  | {
      claimed: false;
      current: Pick<JobRow, 'status' | 'run_at' | 'lease_expires_at'> | null;
    };

/**
 * Claims one given job (a BullMQ delivery) with the same fence as {@link claimJobs}: it succeeds only
 * when the job is due, or running under an expired lease, so a duplicate or early delivery changes
 * nothing and learns when to come back.
 */
export function claimJob<Alongside = never>(
  db: Database,
  options: {
    id: string;
    keys: readonly string[];
    lease: LeaseGrant;
    /**
     * Marks the row relayed (if it is not yet): the delivery came from the engine, so the relay has
     * nothing left to hand over (the enqueuing process delivered it right after its commit).
     */
    markRelayed?: boolean;
    /**
     * More work in the claim's transaction once the job is claimed, narrowed to the job's client first
     * (ADR 0058); left out for a job of no client. If it throws, nothing of the claim is kept.
     */
    alongside?: ((tx: Transaction, row: JobRow) => Promise<Alongside>) | undefined;
  },
): Promise<TargetedClaim<Alongside>> {
  const relayed = options.markRelayed
    ? { relayed_at: sql`coalesce(${jobs.relayed_at}, ${options.lease.now.toISOString()}::timestamptz)` }
    : {};
  const narrowing = options.alongside ? narrowingColumn(jobs.client_id) : sql<null>`null`;
  return withPlatform(db, async (tx) => {
    // With work alongside, the claim narrows the transaction to the job's client in the same statement.
    const [claimed] = await tx
      .update(jobs)
      .set({ ...leaseSet(leaseValues(options.lease)), ...relayed })
      .where(and(eq(jobs.id, options.id), handledBy(options.keys), claimable(options.lease.now)))
      .returning({ ...getTableColumns(jobs), narrowed: narrowing });
    const row = claimed && withoutNarrowed(claimed);
    if (row && options.alongside && row.client_id) {
      return { claimed: true, row, alongside: await options.alongside(tx, row) };
    }
    if (row) return { claimed: true, row };
    const [current] = await tx
      .select({ status: jobs.status, run_at: jobs.run_at, lease_expires_at: jobs.lease_expires_at })
      .from(jobs)
      .where(eq(jobs.id, options.id));
    return { claimed: false, current: current ?? null };
  });
}

function withoutNarrowed({ narrowed: _narrowed, ...row }: JobRow & { narrowed: unknown }): JobRow {
  return row;
}
