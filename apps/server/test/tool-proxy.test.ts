import { randomBytes } from 'node:crypto';
import { issueRunToolToken, signRunToolToken } from '@renum/platform';
import { startFakeTavily, testDatabaseTargets } from '@renum/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

const keyA = `tvly-PROXY-A-${randomBytes(6).toString('hex')}`;
const keyB = `tvly-PROXY-B-${randomBytes(6).toString('hex')}`;

interface Tenant {
  session: TestSession;
  agentId: string;
  runId: string;
}

describe.each(testDatabaseTargets())('POST /v1/tool-proxy/{tool} ($name)', (target) => {
  let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  const insertRun = async (clientId: string, agentId: string, status = 'running') => {
    const id = uuidv7();
    await t.handle.query(
      `insert into runs (id, client_id, agent_id, model, status, executor) values ($1, $2, $3, 'offline/renum', $4, 'suna')`,
      [id, clientId, agentId, status],
    );
    return id;
  };

  const tenant = async (key: string | null, tools: unknown[] = [{ name: 'web_search' }]): Promise<Tenant> => {
    const session = await t.signup();
    if (key) {
      const stored = await t.request({
        method: 'POST',
        url: '/v1/credentials',
        token: session.accessToken,
        body: { service: 'tavily', name: 'default', secret: { api_key: key } },
      });
      expect(stored.statusCode).toBe(201);
    }
    const { id: agentId } = await t.createAgent(session.accessToken, {
      name: 'Executor externo',
      system_prompt: 'x',
      model: 'offline/renum',
      tools,
    });
    return { session, agentId, runId: await insertRun(session.clientId, agentId) };
  };

  const tokenFor = async (who: Tenant) =>
    (
      await issueRunToolToken(t.deps, {
        clientId: who.session.clientId,
        agentId: who.agentId,
        runId: who.runId,
      })
    ).token;

  const call = (tool: string, token: string | undefined, body: unknown = { query: 'padarias em Curitiba' }) =>
    t.request({ method: 'POST', url: `/v1/tool-proxy/${tool}`, token, body });

  beforeAll(async () => {
    tavily = await startFakeTavily();
    t = await createTestApp(target, {
      tools: loopbackTools(tavily.url),
    });
    a = await tenant(keyA);
    b = await tenant(keyB);
  });
  afterAll(async () => {
    await t?.close();
    await tavily?.close();
  });

  it('calls the tool with the client’s credential through the same proxy, metered to the run', async () => {
    const before = tavily.requests.length;
    const response = await call('web_search', await tokenFor(a));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      tool: 'web_search',
      is_error: false,
      error_code: null,
      attempts: 1,
      cached: false,
    });
    expect(body.result.results.length).toBeGreaterThan(0);
    // The credential arrived upstream, and only there.
    expect(tavily.requests).toHaveLength(before + 1);
    expect(tavily.requests.at(-1)!.headers.authorization).toBe(`Bearer ${keyA}`);
    expect(response.body).not.toContain(keyA);
    expect(JSON.stringify(response.headers)).not.toContain(keyA);

    // Metering is off the hot path: wait for the ledger row of this run.
    let rows: Array<{ client_id: string; run_id: string; tool_name: string; units: number }> = [];
    for (let attempt = 0; attempt < 150 && rows.length === 0; attempt++) {
      rows = await t.handle.query(
        'select client_id, run_id, tool_name, units::float8 as units from renum_ai_usage_logs where run_id = $1',
        [a.runId],
      );
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(rows).toEqual([
      { client_id: a.session.clientId, run_id: a.runId, tool_name: 'web_search', units: 1 },
    ]);
    const audits = await t.handle.query<{ client_id: string; data: { run_id: string } }>(
      `select client_id, data from audit_log where action = 'credential.use' and data->>'run_id' = $1`,
      [a.runId],
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]!.client_id).toBe(a.session.clientId);
    const dump = await t.handle.query<{ dump: string }>(
      `select (select json_agg(u)::text from renum_ai_usage_logs u) || (select json_agg(l)::text from audit_log l) as dump`,
    );
    expect(dump[0]!.dump).not.toContain(keyA);
  });

  it('never lets a token for one client’s run act for another client', async () => {
    // Issuing refuses a run of another client outright…
    await expect(
      issueRunToolToken(t.deps, { clientId: a.session.clientId, agentId: a.agentId, runId: b.runId }),
    ).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    // …and a token that names client A with run B's id (as if minted by mistake) finds no run.
    const crossed = await signRunToolToken(
      t.deps.auth,
      { clientId: a.session.clientId, agentId: b.agentId, runId: b.runId },
      { now: new Date(), id: uuidv7() },
    );
    const before = tavily.requests.length;
    const response = await call('web_search', crossed.token);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'RUN_NOT_FOUND' });
    expect(tavily.requests).toHaveLength(before);
    // B's own token uses B's key.
    const own = await call('web_search', await tokenFor(b), { query: 'outra pergunta' });
    expect(own.statusCode).toBe(200);
    expect(tavily.requests.at(-1)!.headers.authorization).toBe(`Bearer ${keyB}`);
  });

  it('refuses expired, forged, tampered and user tokens, and run tokens elsewhere', async () => {
    const claims = { clientId: a.session.clientId, agentId: a.agentId, runId: a.runId };
    const expired = await signRunToolToken(t.deps.auth, claims, {
      now: new Date(Date.now() - 3600_000),
      id: uuidv7(),
      ttlSeconds: 60,
    });
    const forged = await signRunToolToken(
      { ...t.deps.auth, jwtSecret: new TextEncoder().encode(randomBytes(32).toString('hex')) },
      claims,
      { now: new Date(), id: uuidv7() },
    );
    const valid = await tokenFor(a);
    const [header, payload, signature] = valid.split('.');
    const swapped = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    swapped.cid = b.session.clientId;
    const tampered = [header, Buffer.from(JSON.stringify(swapped)).toString('base64url'), signature].join(
      '.',
    );
    const apiKey = (
      await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: a.session.accessToken,
        body: { name: 'executor', role: 'admin' },
      })
    ).json().secret as string;
    for (const token of [expired.token, forged.token, tampered, a.session.accessToken, apiKey, undefined]) {
      const response = await call('web_search', token);
      expect(response.statusCode, String(token)).toBe(401);
      expect(response.json().code).toBe('AUTH_ERROR');
    }
    expect((await call('web_search', expired.token)).json().error).toBe('Run token expired');
    // A run token is not a user token.
    const asUser = await t.request({ method: 'GET', url: '/v1/agents', token: valid });
    expect(asUser.statusCode).toBe(401);
  });

  it('refuses a tool the agent did not enable, and built-ins', async () => {
    const token = await tokenFor(a);
    for (const tool of ['web_scrape', 'calculator', 'whatsapp_send_message']) {
      const response = await call(tool, token, { url: 'https://example.com' });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'TOOL_NOT_ENABLED', tool });
    }
  });

  it('refuses a finished run, also with a token issued while it ran', async () => {
    const runId = await insertRun(a.session.clientId, a.agentId);
    const token = (
      await issueRunToolToken(t.deps, { clientId: a.session.clientId, agentId: a.agentId, runId })
    ).token;
    for (const status of ['completed', 'failed', 'stopped']) {
      await t.handle.query('update runs set status = $1 where id = $2', [status, runId]);
      const response = await call('web_search', token);
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'RUN_NOT_ACTIVE', run_id: runId, status });
    }
    await expect(
      issueRunToolToken(t.deps, { clientId: a.session.clientId, agentId: a.agentId, runId }),
    ).rejects.toMatchObject({ code: 'RUN_NOT_ACTIVE' });
  });

  it('validates the arguments against the tool’s schema', async () => {
    const response = await call('web_search', await tokenFor(a), { query: '', extra: 1 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_ERROR', tool: 'web_search' });
    expect(response.json().details[0].field).toBe('body.query');
  });

  it('answers a tool failure as a result the model can read, with a stable code', async () => {
    const c = await tenant(null);
    const response = await call('web_search', await tokenFor(c));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      tool: 'web_search',
      is_error: true,
      error_code: 'CREDENTIAL_MISSING',
      attempts: 0,
    });
    expect(response.json().result.error).toContain('no credential for tavily');
  });
});
