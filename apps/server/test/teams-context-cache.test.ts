import type { Config } from '@renum/config';
import { testDatabaseTargets, testRedis } from '@renum/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScaleDeps, type ScaleDeps } from '../src/scale-deps.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const postgres = testDatabaseTargets()[1]!;
const redis = testRedis();

describe.skipIf(postgres.skipReason !== null || redis.skipReason !== null)(
  'team shared context cached in Redis (Postgres the truth)',
  () => {
    let scale: ScaleDeps;
    let t: TestApp;
    let owner: TestSession;
    let other: TestSession;

    beforeAll(async () => {
      const config = {
        scale: { redisUrl: redis.url!, redisPrefix: redis.prefix('team-context').slice(0, -1), role: 'all' },
        vault: { credentialCacheTtlMs: 10_000 },
      } as Pick<Config, 'scale' | 'vault'>;
      scale = await openScaleDeps({ config, logger: pino({ level: 'silent' }) });
      t = await createTestApp(postgres, { scale });
      owner = await t.signup();
      other = await t.signup();
    });
    afterAll(async () => {
      await t?.close();
      await scale?.close();
    });

    const get = (url: string, token = owner.accessToken) => t.request({ method: 'GET', url, token });

    it('caches each change of the context after its commit, serves reads from it, and never across clients', async () => {
      const agent = async (name: string) =>
        (await t.createAgent(owner.accessToken, { name, model: 'offline/renum', system_prompt: name })).id;
      const [first, second] = [await agent('Pesquisador'), await agent('Redator')];
      const team = await t.createTeam(
        owner.accessToken,
        {
          type: 'sequential',
          agents: [
            { agent_id: first, role: 'researcher' },
            { agent_id: second, role: 'writer', input: { source: 'agent_result', agent_id: first } },
          ],
        },
        'Dupla',
      );
      const executionId = await t.startExecution(owner.accessToken, team.id, 'Energia eólica');
      // The stream ends with the execution.
      const { execution } = await t.finishExecution(owner.accessToken, executionId);
      expect(execution.status).toBe('completed');
      const sharedContext = execution.shared_context as Record<string, unknown>;
      expect(Object.keys(sharedContext).sort()).toEqual(
        ['initial_prompt', `agent_${first}_result`, `agent_${second}_result`].sort(),
      );

      // The last change is in Redis, at a version above the start's (0).
      const key = { clientId: owner.clientId, executionId };
      const cached = await scale.teamContextCache!.read(key);
      expect(cached?.context).toEqual(sharedContext);
      expect(cached!.version).toBeGreaterThan(0);
      const read = await get(`/v1/team-executions/${executionId}/context`);
      expect(read.json()).toEqual({ execution_id: executionId, shared_context: sharedContext });

      // An older version never replaces a newer one (after-commit writes may arrive out of order).
      await scale.teamContextCache!.store({ ...key, version: 0, context: { initial_prompt: 'velho' } });
      expect((await scale.teamContextCache!.read(key))?.context).toEqual(sharedContext);

      // Reads come from the cache when it holds the execution: a newer entry is what the route answers.
      const marked = { ...sharedContext, marker: 'from-redis' };
      await scale.teamContextCache!.store({ ...key, version: cached!.version + 1, context: marked });
      expect((await get(`/v1/team-executions/${executionId}/context`)).json().shared_context).toEqual(marked);

      // Another client never reaches it: its entries are keyed by its own client, so Postgres answers 404.
      const foreign = await get(`/v1/team-executions/${executionId}/context`, other.accessToken);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('TEAM_EXECUTION_NOT_FOUND');
      expect((await get('/v1/team-executions/not-an-id/context')).statusCode).toBe(404);
    });
  },
);
