import { randomBytes } from 'node:crypto';
import { createCredentialCache, createToolCallRecorder } from '@renum/platform';
import { startFakeTavily, testDatabaseTargets } from '@renum/testing';
import type { ToolCallRecord } from '@renum/tools';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

describe.each(testDatabaseTargets())(
  'tool calls: cached credentials and metering stored before the answer ($name)',
  (target) => {
    let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
    let t: TestApp;
    let owner: TestSession;
    let agentId: string;
    let runId: string;

    beforeAll(async () => {
      tavily = await startFakeTavily();
      t = await createTestApp(target, {
        tools: loopbackTools(tavily.url),
      });
      // As the server wires it (createPlatformDeps): the tool proxy reads credentials through the cache.
      t.deps.credentialCache = createCredentialCache({ ttlMs: 60_000 });
      owner = await t.signup();
      const agent = await t.createAgent(owner.accessToken, {
        name: 'Busca',
        system_prompt: 'x',
        model: 'offline/renum',
        tools: [{ name: 'web_search' }],
      });
      agentId = agent.id;
      runId = uuidv7();
      await t.handle.query(
        `insert into runs (id, client_id, agent_id, model, status) values ($1, $2, $3, 'offline/renum', 'running')`,
        [runId, owner.clientId, agentId],
      );
    });
    afterAll(async () => {
      await t?.close();
      await tavily?.close();
    });

    const search = async (query: string) => {
      const tools = t.run.tools!;
      return tools.proxy.call({
        clientId: owner.clientId,
        agentId,
        runId,
        tool: tools.catalog.create({ name: 'web_search' }),
        input: { query },
      });
    };

    it('uses a replaced credential at the next call and stops using a deleted one at once', async () => {
      const first = `tvly-first-${randomBytes(4).toString('hex')}`;
      const second = `tvly-second-${randomBytes(4).toString('hex')}`;
      const created = await t.request({
        method: 'POST',
        url: '/v1/credentials',
        token: owner.accessToken,
        body: { service: 'tavily', name: 'default', secret: { api_key: first } },
      });
      const credentialId = created.json().id as string;
      expect((await search('um')).ok).toBe(true);
      expect(tavily.requests.at(-1)!.headers.authorization).toBe(`Bearer ${first}`);
      expect(t.deps.credentialCache!.size).toBe(1);
      // Served from the cache: even a row changed behind the API's back is not read again.
      await t.handle.query(`update credentials set service = 'tavily-hidden' where id = $1`, [credentialId]);
      expect((await search('dois')).ok).toBe(true);
      await t.handle.query(`update credentials set service = 'tavily' where id = $1`, [credentialId]);

      const replaced = await t.request({
        method: 'PUT',
        url: `/v1/credentials/${credentialId}`,
        token: owner.accessToken,
        body: { secret: { api_key: second } },
      });
      expect(replaced.statusCode).toBe(200);
      expect((await search('três')).ok).toBe(true);
      expect(tavily.requests.at(-1)!.headers.authorization).toBe(`Bearer ${second}`);

      const deleted = await t.request({
        method: 'DELETE',
        url: `/v1/credentials/${credentialId}`,
        token: owner.accessToken,
      });
      expect(deleted.statusCode).toBe(204);
      const after = await search('quatro');
      expect(after).toMatchObject({ ok: false, errorCode: 'CREDENTIAL_MISSING' });
    });

    it('writes a ledger row, an audit row and last_used_at for each report, a failing one alone', async () => {
      const credentialId = uuidv7();
      const [dataKey] = await t.handle.query<{ dek_version: number }>(
        'select dek_version from client_data_keys where client_id = $1',
        [owner.clientId],
      );
      await t.handle.query(
        `insert into credentials (id, client_id, service, name, secret, dek_version, field_names, masked)
       values ($1, $2, 'http', $3, '{}', $4, '{token}', '••••')`,
        [credentialId, owner.clientId, `metering-${randomBytes(3).toString('hex')}`, dataKey!.dek_version],
      );
      const record = (overrides: Partial<ToolCallRecord> = {}): ToolCallRecord => ({
        clientId: owner.clientId,
        agentId,
        runId,
        tool: 'crm_lookup',
        service: 'http',
        credentialId,
        status: 'ok',
        attempts: 1,
        durationMs: 12.4,
        bytes: 321,
        cached: false,
        units: 1,
        costUsd: 0,
        ...overrides,
      });
      const errors: unknown[] = [];
      const recorder = createToolCallRecorder(t.deps, { onError: (error) => errors.push(error) });
      await recorder.record(record());
      await recorder.record(record({ status: 'error', errorCode: 'UPSTREAM_ERROR', units: 0 }));
      await recorder.record(record({ credentialId: null, tool: 'other_tool', units: 0 }));
      // A report naming a client that does not exist fails alone, reported and not thrown.
      await recorder.record(record({ clientId: uuidv7() }));
      expect(errors).toHaveLength(1);

      const rows = await t.handle.query<{ tool_name: string; status: string; latency_ms: number }>(
        `select tool_name, response_data->>'status' as status, latency_ms from renum_ai_usage_logs
       where run_id = $1 and tool_name in ('crm_lookup', 'other_tool') order by tool_name, status`,
        [runId],
      );
      expect(rows).toEqual([
        { tool_name: 'crm_lookup', status: 'error', latency_ms: 12 },
        { tool_name: 'crm_lookup', status: 'ok', latency_ms: 12 },
        { tool_name: 'other_tool', status: 'ok', latency_ms: 12 },
      ]);
      const audits = await t.handle.query<{ actor_type: string; data: Record<string, unknown> }>(
        `select actor_type, data from audit_log where action = 'credential.use' and target_id = $1`,
        [credentialId],
      );
      expect(audits).toHaveLength(2);
      for (const audit of audits) {
        expect(audit).toMatchObject({
          actor_type: 'system',
          data: { service: 'http', run_id: runId, tool: 'crm_lookup', calls: 1 },
        });
      }
      const [used] = await t.handle.query<{ last_used_at: Date | null }>(
        'select last_used_at from credentials where id = $1',
        [credentialId],
      );
      expect(used!.last_used_at).not.toBeNull();
    });

    it('stores a call made outside an executing run before the call answers (ADR 0075)', async () => {
      await t.request({
        method: 'POST',
        url: '/v1/credentials',
        token: owner.accessToken,
        body: { service: 'tavily', name: 'default', secret: { api_key: 'tvly-metered' } },
      });
      const count = async () =>
        (
          await t.handle.query<{ count: number }>(
            `select count(*)::int as count from renum_ai_usage_logs where run_id = $1 and tool_name = 'web_search'`,
            [runId],
          )
        )[0]!.count;
      const before = await count();
      const outcome = await search('medido antes da resposta');
      expect(outcome.ok).toBe(true);
      // No flush, no wait: the row was committed before the call answered, so a crash now loses nothing.
      expect(await count()).toBe(before + 1);
    });
  },
);
