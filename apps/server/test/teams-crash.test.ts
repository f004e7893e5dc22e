import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase, runs, teamAgentExecutions, withPlatform } from '@renum/db';
import { createFreshTestDatabase, type FreshTestDatabase, testPostgresUrl, testRedis } from '@renum/testing';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  type Cluster,
  type ClusterProcess,
  startCluster,
  startClusterProcess,
} from '../../../scripts/cluster/cluster-processes.ts';
import { ok, until } from './cluster-test-kit.ts';

// Issue 14's durability test: a worker process running a team execution is killed with SIGKILL in the
// middle of a step; another worker started afterwards finishes the execution, running no step twice.
const redis = testRedis();
const skipReason =
  redis.skipReason ?? (testPostgresUrl() === null ? inject('postgresUnavailableReason') : null);
const jobLeaseMs = 2000;
const vaultKeys = JSON.stringify({ 1: randomBytes(32).toString('base64') });
const jwtSecret = randomBytes(32).toString('hex');

describe.skipIf(skipReason !== null)('a team execution survives its worker killed mid-step', () => {
  let dataDir: string | undefined;
  let database: FreshTestDatabase;
  let handle: DatabaseHandle;
  let cluster: Cluster;
  let replacement: ClusterProcess | undefined;
  let owner: string;

  beforeAll(async () => {
    database = (await createFreshTestDatabase('teams_crash'))!;
    dataDir = mkdtempSync(join(tmpdir(), 'renum-teams-crash-'));
    cluster = await startCluster({
      databaseUrl: database.url,
      redisUrl: redis.url!,
      redisPrefix: redis.prefix('teams-crash').slice(0, -1),
      jwtSecret,
      dataDir,
      apis: 1,
      workers: 1,
      firstAlone: false,
      startTimeoutMs: 100_000,
      environment: {
        RENUM_VAULT_KEYS: vaultKeys,
        LOG_LEVEL: 'warn',
        // An answer of the offline model takes a second or two: time to kill its worker mid-step.
        RENUM_OFFLINE_CHUNK_DELAY_MS: '60',
        RENUM_JOBS_LEASE_MS: String(jobLeaseMs),
        RENUM_SHUTDOWN_GRACE_MS: '1000',
      },
    });
    owner = (await ok(cluster.apis[0]!.url, '/v1/auth/login', { body: cluster.demo!.owner })).access_token;
    handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
  }, 120_000);

  beforeEach(({ onTestFailed }) =>
    onTestFailed(() => {
      for (const child of [...(cluster?.processes ?? []), ...(replacement ? [replacement] : [])])
        console.error(`--- ${child.name} (pid ${child.pid}) ---\n${child.output().slice(-6000)}`);
    }),
  );

  afterAll(async () => {
    await replacement?.stop(5_000);
    await cluster?.stop(5_000);
    await handle?.close();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('resumes the interrupted step on the new worker; finished steps are not run again', async () => {
    const api = cluster.apis[0]!.url;
    const agent = async (name: string) =>
      (
        await ok(api, '/v1/agents', {
          token: owner,
          body: { name, system_prompt: `You are the ${name}.`, model: 'offline/renum' },
        })
      ).id;
    const [researcher, analyst, writer] = [
      await agent('researcher'),
      await agent('analyst'),
      await agent('writer'),
    ];
    const team = await ok(api, '/v1/teams', {
      token: owner,
      body: {
        name: 'Pesquisa',
        workflow_definition: {
          type: 'sequential',
          agents: [
            { agent_id: researcher, role: 'researcher' },
            { agent_id: analyst, role: 'analyst', input: { source: 'agent_result', agent_id: researcher } },
            { agent_id: writer, role: 'writer', input: { source: 'agent_result', agent_id: analyst } },
          ],
        },
      },
    });
    const { execution_id: executionId } = await ok(api, `/v1/teams/${team.id}/executions`, {
      token: owner,
      body: {
        initial_prompt: 'Explique como funciona a energia solar fotovoltaica em residências no Brasil',
      },
    });
    const steps = () =>
      withPlatform(handle.db, (tx) =>
        tx
          .select()
          .from(teamAgentExecutions)
          .where(eq(teamAgentExecutions.execution_id, executionId))
          .orderBy(asc(teamAgentExecutions.step_index)),
      );
    // Kill the worker once the first step is done and the second one's run is answering.
    const victim = cluster.workers[0]!;
    await until(
      'the second step to be running on the first worker',
      async () => {
        const [first, second] = await steps();
        if (first?.status !== 'completed' || !second?.run_id) return false;
        const [run] = await withPlatform(handle.db, (tx) =>
          tx.select().from(runs).where(eq(runs.id, second.run_id!)),
        );
        return run?.status === 'running' && run.lease_owner?.endsWith(`:${victim.pid}`);
      },
      30_000,
    );
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBeNull();
    const before = await steps();
    expect(before.map((step) => step.status)).toEqual(['completed', 'running', 'pending']);

    replacement = await startClusterProcess({
      databaseUrl: database.url,
      redisUrl: redis.url!,
      redisPrefix: redis.prefix('teams-crash').slice(0, -1),
      jwtSecret,
      dataDir: dataDir!,
      name: 'worker-2',
      role: 'worker',
      seedDemo: false,
      startTimeoutMs: 60_000,
      environment: {
        RENUM_VAULT_KEYS: vaultKeys,
        LOG_LEVEL: 'warn',
        RENUM_OFFLINE_CHUNK_DELAY_MS: '0',
        RENUM_JOBS_LEASE_MS: String(jobLeaseMs),
      },
    });
    const execution = await until(
      'the execution to complete on the new worker',
      async () => {
        const answer = await ok(api, `/v1/team-executions/${executionId}`, { token: owner });
        return ['completed', 'failed', 'cancelled'].includes(answer.status) ? answer : null;
      },
      45_000,
    );
    expect(execution.status).toBe('completed');
    expect(execution.steps.map((step: { status: string }) => step.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    // No step ran twice: each has one attempt and one run; the first step's run is the one before the kill.
    expect(execution.steps.map((step: { attempts: number }) => step.attempts)).toEqual([1, 1, 1]);
    expect(execution.steps[0].run_id).toBe(before[0]!.run_id);
    expect(execution.steps[1].run_id).toBe(before[1]!.run_id);
    const stepRuns = await withPlatform(handle.db, (tx) =>
      tx.select().from(runs).where(eq(runs.execution_id, executionId)).orderBy(asc(runs.created_at)),
    );
    expect(stepRuns).toHaveLength(3);
    expect(stepRuns.map((run) => run.claims)).toEqual([1, 2, 1]); // the interrupted run was taken over once
    expect(stepRuns[0]!.lease_owner).toBeNull();
    expect(execution.steps[2].input).toBe(execution.steps[1].result);
  }, 120_000);
});
