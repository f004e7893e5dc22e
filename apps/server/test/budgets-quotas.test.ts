import { randomUUID } from 'node:crypto';
import { schedules, usageLogs, withClient } from '@renum/db';
import { issueRunToolToken, runScheduleTick } from '@renum/platform';
import { createBuiltinExecutor, createPriceTable } from '@renum/runtime';
import { startFakeTavily, testDatabaseTargets } from '@renum/testing';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loopbackTools, type TestApp, type TestSession } from './test-app.ts';

/** The offline model priced at one cent a token, so every answer costs about a dollar. */
function pricedOffline(t: TestApp): void {
  t.run.executor = createBuiltinExecutor({
    registry: t.run.models,
    prices: createPriceTable({
      override: { models: { 'offline/renum': { input_per_million: 10_000, output_per_million: 10_000 } } },
    }),
  });
}

async function newConversation(t: TestApp, session: TestSession): Promise<string> {
  const agent = await t.createAgent(session.accessToken, {
    name: `Agent ${randomUUID().slice(0, 6)}`,
    system_prompt: 'Answer briefly.',
  });
  return t.openConversation(session.accessToken, agent.id);
}

/** Sends a message; with `wait`, streams the answer so the run has settled when this returns. */
function send(t: TestApp, session: TestSession, conversationId: string, wait = true) {
  return t.request({
    method: 'POST',
    url: `/v1/conversations/${conversationId}/messages`,
    token: session.accessToken,
    body: { content: 'Quanto custa o plano anual?' },
    headers: wait ? { accept: 'text/event-stream' } : {},
  });
}

async function limitsOf(t: TestApp, session: TestSession) {
  const response = await t.request({ method: 'GET', url: '/v1/limits', token: session.accessToken });
  expect(response.statusCode).toBe(200);
  return response.json();
}

async function setLimits(t: TestApp, admin: TestSession, clientId: string, body: Record<string, unknown>) {
  const response = await t.request({
    method: 'PUT',
    url: `/v1/admin/clients/${clientId}/limits`,
    token: admin.accessToken,
    body,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function notificationsOf(t: TestApp, session: TestSession) {
  const response = await t.request({ method: 'GET', url: '/v1/notifications', token: session.accessToken });
  expect(response.statusCode).toBe(200);
  return response.json().data as Array<{ id: string; kind: string; payload: Record<string, unknown> }>;
}

/**
 * Runs a tick of the client's hourly budget check (the `budget_check` schedule every client is seeded
 * with, ADR 0049): the one path budget alerts are stored by. `at` must differ between ticks of a client.
 */
async function budgetCheck(t: TestApp, session: TestSession, at = new Date()) {
  const [schedule] = await withClient(t.deps.db, session.clientId, (tx) =>
    tx.select().from(schedules).where(sql`${schedules.target}->>'job' = 'budget_check'`),
  );
  expect(schedule, 'every client has a budget check').toBeDefined();
  await runScheduleTick(
    { deps: t.deps, run: t.run, manager: t.manager },
    { schedule_id: schedule!.id, client_id: session.clientId, tick_at: at.toISOString(), trigger: 'tick' },
  );
}

function kinds(alerts: Array<{ kind: string }>): string[] {
  return alerts.map((alert) => alert.kind).sort();
}

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`budgets, quotas and plans (${target.name})`, () => {
    let t: TestApp;
    let admin: TestSession;

    beforeAll(async () => {
      t = await createTestApp(target, { models: { offline: { chunkDelayMs: 0 } } });
      pricedOffline(t);
      admin = await t.platformAdmin();
    });
    afterAll(async () => t?.close());

    it('lets the run that crosses the budget finish, refuses the next with 402, and alerts once per threshold', async () => {
      const [a, b] = [await t.signup(), await t.signup()];
      // Measure what one answer costs, then give A a budget of about two and a half answers.
      await send(t, a, await newConversation(t, a));
      const oneRun = (await limitsOf(t, a)).spent_usd as number;
      expect(oneRun).toBeGreaterThan(0.1);
      await setLimits(t, admin, a.clientId, { plan: 'pro', monthly_budget_usd: oneRun * 2.5 });
      const budget = (await limitsOf(t, a)).monthly_budget_usd as number;

      let allowed = 1;
      let refused: Awaited<ReturnType<typeof send>> | null = null;
      let crossedBy: { before: number; after: number } | null = null;
      for (let turn = 0; turn < 10 && !refused; turn++) {
        const before = (await limitsOf(t, a)).spent_usd as number;
        const response = await send(t, a, await newConversation(t, a));
        if (response.statusCode === 402) {
          refused = response;
          // Refused only once spend has reached the budget, and right after the crossing run.
          expect(before).toBeGreaterThanOrEqual(budget);
          expect(crossedBy).not.toBeNull();
          expect(crossedBy!.before).toBeLessThan(budget);
          expect(crossedBy!.after).toBeGreaterThanOrEqual(budget);
        } else {
          expect(response.statusCode, response.body).toBe(200);
          expect(before).toBeLessThan(budget);
          allowed++;
          crossedBy = { before, after: (await limitsOf(t, a)).spent_usd as number };
        }
      }
      expect(refused).not.toBeNull();
      expect(allowed).toBeGreaterThanOrEqual(3);
      expect(refused!.json()).toMatchObject({
        error: expect.any(String),
        code: 'BUDGET_EXCEEDED',
        plan: 'pro',
        budget_usd: budget,
        month: new Date().toISOString().slice(0, 7),
      });
      expect(refused!.json().spent_usd).toBeGreaterThanOrEqual(budget);
      expect((await send(t, a, await newConversation(t, a))).statusCode).toBe(402);

      const limits = await limitsOf(t, a);
      expect(limits).toMatchObject({ plan: 'pro', budget_status: 'exceeded', active_runs: 0 });
      // The counter is the ledger's sum.
      const usage = await t.request({ method: 'GET', url: '/v1/usage', token: a.accessToken });
      expect(limits.spent_usd).toBeCloseTo(usage.json().totals.cost_usd, 6);

      expect(await notificationsOf(t, a)).toEqual([]); // alerts wait for the hourly check
      await budgetCheck(t, a);
      const alerts = await notificationsOf(t, a);
      expect(kinds(alerts)).toEqual(['budget.exceeded', 'budget.warning']);
      expect(alerts.find((alert) => alert.kind === 'budget.warning')?.payload).toMatchObject({
        threshold_percent: 80,
        budget_usd: budget,
        month: limits.month,
      });

      // B spends nothing of A's budget, sees none of A's alerts, and still runs.
      expect((await send(t, b, await newConversation(t, b))).statusCode).toBe(200);
      await budgetCheck(t, b);
      expect(await notificationsOf(t, b)).toEqual([]);
      const limitsOfB = await limitsOf(t, b);
      expect(limitsOfB.spent_usd).toBeLessThan(oneRun * 2);
      expect(limitsOfB).toMatchObject({ plan: 'unlimited', monthly_budget_usd: null, budget_status: 'ok' });

      // Raising the budget lets A run again.
      await setLimits(t, admin, a.clientId, { plan: 'pro', monthly_budget_usd: budget * 10 });
      expect((await send(t, a, await newConversation(t, a))).statusCode).toBe(200);
    });

    it('stores each alert once when many ledger writes reach it and checks run at the same time', async () => {
      const c = await t.signup();
      await setLimits(t, admin, c.clientId, { monthly_budget_usd: 10 });
      const write = () =>
        withClient(t.deps.db, c.clientId, (tx) =>
          tx.insert(usageLogs).values({
            id: randomUUID(),
            client_id: c.clientId,
            model_provider: 'openai',
            model_name: 'gpt-4o-mini',
            cost_usd: '1.00000000',
          }),
        );
      await Promise.all(Array.from({ length: 24 }, write));
      const limits = await limitsOf(t, c);
      expect(limits.spent_usd).toBe(24);
      expect(await notificationsOf(t, c)).toEqual([]);
      const now = Date.now();
      await Promise.all(Array.from({ length: 4 }, (_, i) => budgetCheck(t, c, new Date(now + i))));
      await budgetCheck(t, c, new Date(now + 3_600_000)); // the next hour: nothing new
      expect(kinds(await notificationsOf(t, c))).toEqual(['budget.exceeded', 'budget.warning']);
    });

    it('alerts at the next check when a budget is lowered below what was spent', async () => {
      const d = await t.signup();
      await withClient(t.deps.db, d.clientId, (tx) =>
        tx.insert(usageLogs).values({ id: randomUUID(), client_id: d.clientId, cost_usd: '20' }),
      );
      expect(await notificationsOf(t, d)).toEqual([]); // unlimited plan: no budget, no alert
      const limits = await setLimits(t, admin, d.clientId, { monthly_budget_usd: 15 });
      expect(limits).toMatchObject({ spent_usd: 20, monthly_budget_usd: 15, budget_status: 'exceeded' });
      await budgetCheck(t, d);
      expect(kinds(await notificationsOf(t, d))).toEqual(['budget.exceeded', 'budget.warning']);
      const refused = await send(t, d, await newConversation(t, d));
      expect(refused.statusCode).toBe(402);
      expect(refused.json()).toMatchObject({ code: 'BUDGET_EXCEEDED', budget_usd: 15, spent_usd: 20 });
    });

    it('refuses runs beyond the requests-per-minute limit with 429 and Retry-After', async () => {
      const e = await t.signup();
      await setLimits(t, admin, e.clientId, { requests_per_minute: 3 });
      const conversations = await Promise.all([1, 2, 3, 4].map(() => newConversation(t, e)));
      for (const conversationId of conversations.slice(0, 3))
        expect((await send(t, e, conversationId)).statusCode).toBe(200);
      const refused = await send(t, e, conversations[3]!);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({
        code: 'QUOTA_EXCEEDED',
        quota: 'requests_per_minute',
        limit: 3,
      });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Another client's minute is its own.
      const other = await t.signup();
      expect((await send(t, other, await newConversation(t, other))).statusCode).toBe(200);
    });

    it('lets only platform admins set plans and limits, and checks the plan exists', async () => {
      const owner = await t.signup();
      const own = await t.request({
        method: 'PUT',
        url: `/v1/admin/clients/${owner.clientId}/limits`,
        token: owner.accessToken,
        body: { plan: 'enterprise' },
      });
      expect(own.statusCode).toBe(403);
      expect(own.json().code).toBe('FORBIDDEN');
      const peek = await t.request({
        method: 'GET',
        url: `/v1/admin/clients/${owner.clientId}/limits`,
        token: owner.accessToken,
      });
      expect(peek.statusCode).toBe(403);
      expect((await limitsOf(t, owner)).plan).toBe('unlimited');

      const unknown = await t.request({
        method: 'PUT',
        url: `/v1/admin/clients/${owner.clientId}/limits`,
        token: admin.accessToken,
        body: { plan: 'platinum' },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ code: 'VALIDATION_ERROR', field: 'plan' });
      expect(unknown.json().plans).toEqual(
        expect.arrayContaining(['free', 'pro', 'enterprise', 'unlimited']),
      );
      const patch = await t.request({
        method: 'PATCH',
        url: `/v1/admin/clients/${owner.clientId}`,
        token: admin.accessToken,
        body: { plan: 'platinum' },
      });
      expect(patch.statusCode).toBe(400);
      const missing = await t.request({
        method: 'PUT',
        url: `/v1/admin/clients/${randomUUID()}/limits`,
        token: admin.accessToken,
        body: { plan: 'free' },
      });
      expect(missing.statusCode).toBe(404);

      const plans = await t.request({ method: 'GET', url: '/v1/admin/plans', token: admin.accessToken });
      expect(plans.json().data).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'free',
            description: expect.any(String),
            monthly_budget_usd: 5,
            requests_per_minute: 20,
            max_concurrent_runs: 2,
            retired_at: null,
          }),
        ]),
      );

      // The free plan's values, with one override on top; PUT replaces the overrides.
      const set = await setLimits(t, admin, owner.clientId, { plan: 'free', max_concurrent_runs: 4 });
      expect(set).toMatchObject({
        plan: 'free',
        monthly_budget_usd: 5,
        requests_per_minute: 20,
        max_concurrent_runs: 4,
        overrides: { monthly_budget_usd: null, requests_per_minute: null, max_concurrent_runs: 4 },
      });
      const seen = await t.request({
        method: 'GET',
        url: `/v1/admin/clients/${owner.clientId}/limits`,
        token: admin.accessToken,
      });
      expect(seen.json()).toEqual(set);
      expect(await limitsOf(t, owner)).toEqual(set);
      expect((await setLimits(t, admin, owner.clientId, {})).max_concurrent_runs).toBe(2);
    });

    it('lists notifications to members and lets owners and admins mark them read', async () => {
      const f = await t.signup();
      await setLimits(t, admin, f.clientId, { monthly_budget_usd: 1 });
      await withClient(t.deps.db, f.clientId, (tx) =>
        tx.insert(usageLogs).values({ id: randomUUID(), client_id: f.clientId, cost_usd: '0.9' }),
      );
      await budgetCheck(t, f);
      const [warning] = await notificationsOf(t, f);
      expect(warning?.kind).toBe('budget.warning');
      const key = await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: f.accessToken,
        body: { name: 'reader', role: 'member' },
      });
      const asMember = { 'x-api-key': key.json().secret as string };
      const listed = await t.request({ method: 'GET', url: '/v1/notifications', headers: asMember });
      expect(listed.json().data).toHaveLength(1);
      const byMember = await t.request({
        method: 'POST',
        url: `/v1/notifications/${warning!.id}/read`,
        headers: asMember,
      });
      expect(byMember.statusCode).toBe(403);
      const marked = await t.request({
        method: 'POST',
        url: `/v1/notifications/${warning!.id}/read`,
        token: f.accessToken,
      });
      expect(marked.statusCode).toBe(200);
      expect(marked.json().read_at).toEqual(expect.any(String));
      const unread = await t.request({
        method: 'GET',
        url: '/v1/notifications?unread=true',
        token: f.accessToken,
      });
      expect(unread.json().data).toEqual([]);
      const foreign = await t.request({
        method: 'POST',
        url: `/v1/notifications/${warning!.id}/read`,
        token: (await t.signup()).accessToken,
      });
      expect(foreign.statusCode).toBe(404);
    });
  });

  describe.skipIf(target.skipReason !== null)(`concurrent runs limit (${target.name})`, () => {
    let t: TestApp;
    let admin: TestSession;

    beforeAll(async () => {
      // A slow offline model: an answer takes seconds, so runs stay running while the test sends.
      t = await createTestApp(target, { models: { offline: { chunkDelayMs: 80, wordsPerChunk: 1 } } });
      admin = await t.platformAdmin();
    });
    afterAll(async () => t?.close());

    it('admits exactly the limit of simultaneous sends, refuses the rest with 429 and Retry-After', async () => {
      const owner = await t.signup();
      await setLimits(t, admin, owner.clientId, { max_concurrent_runs: 2 });
      const conversations = await Promise.all([1, 2, 3, 4, 5].map(() => newConversation(t, owner)));
      const responses = await Promise.all(conversations.map((id) => send(t, owner, id, false)));
      const accepted = responses.filter((response) => response.statusCode === 202);
      const refused = responses.filter((response) => response.statusCode === 429);
      expect(accepted).toHaveLength(2);
      expect(refused).toHaveLength(3);
      for (const response of refused) {
        expect(response.json()).toMatchObject({
          code: 'QUOTA_EXCEEDED',
          quota: 'concurrent_runs',
          limit: 2,
          active_runs: 2,
        });
        expect(response.headers['retry-after']).toBe('5');
      }
      expect((await limitsOf(t, owner)).active_runs).toBe(2);

      // Another client is not held back by this one's runs.
      const other = await t.signup();
      await setLimits(t, admin, other.clientId, { max_concurrent_runs: 1 });
      const otherRun = await send(t, other, await newConversation(t, other), false);
      expect(otherRun.statusCode).toBe(202);

      // A stopped run frees its slot.
      const first = accepted[0]!.json().run_id as string;
      const stopped = await t.request({
        method: 'POST',
        url: `/v1/runs/${first}/stop`,
        token: owner.accessToken,
      });
      expect(stopped.statusCode).toBe(200);
      const again = await send(t, owner, await newConversation(t, owner), false);
      expect(again.statusCode).toBe(202);

      for (const runId of [accepted[1]!.json().run_id, again.json().run_id])
        await t.request({ method: 'POST', url: `/v1/runs/${runId}/stop`, token: owner.accessToken });
      await t.request({
        method: 'POST',
        url: `/v1/runs/${otherRun.json().run_id}/stop`,
        token: other.accessToken,
      });
    });
  });

  describe.skipIf(target.skipReason !== null)(`tool-proxy calls (${target.name})`, () => {
    let tavily: Awaited<ReturnType<typeof startFakeTavily>>;
    let t: TestApp;
    let admin: TestSession;

    beforeAll(async () => {
      tavily = await startFakeTavily();
      t = await createTestApp(target, {
        tools: loopbackTools(tavily.url),
      });
      admin = await t.platformAdmin();
    });
    afterAll(async () => {
      await t?.close();
      await tavily?.close();
    });

    /** A client with a Tavily key, an agent with web_search and a running run; returns a run token. */
    async function runToken(session: TestSession): Promise<string> {
      await t.request({
        method: 'POST',
        url: '/v1/credentials',
        token: session.accessToken,
        body: { service: 'tavily', name: 'default', secret: { api_key: `tvly-${randomUUID()}` } },
      });
      const agent = await t.createAgent(session.accessToken, {
        name: 'Externo',
        system_prompt: 'x',
        model: 'offline/renum',
        tools: [{ name: 'web_search' }],
      });
      const runId = uuidv7();
      await t.handle.query(
        `insert into runs (id, client_id, agent_id, model, status, executor) values ($1, $2, $3, 'offline/renum', 'running', 'suna')`,
        [runId, session.clientId, agent.id],
      );
      const issued = await issueRunToolToken(t.deps, {
        clientId: session.clientId,
        agentId: agent.id,
        runId,
      });
      return issued.token;
    }

    const call = (token: string) =>
      t.request({ method: 'POST', url: '/v1/tool-proxy/web_search', token, body: { query: 'padarias' } });

    it('refuses a team execution once the budget is spent (402) or beyond requests per minute (429), storing none', async () => {
      const h = await t.signup();
      const agent = await t.createAgent(h.accessToken, { name: 'Solo', system_prompt: 'Answer briefly.' });
      const team = await t.request({
        method: 'POST',
        url: '/v1/teams',
        token: h.accessToken,
        body: {
          name: 'Solo',
          workflow_definition: {
            type: 'sequential',
            agents: [{ agent_id: agent.id, role: 'solo', input: { source: 'initial_prompt' } }],
          },
        },
      });
      expect(team.statusCode, team.body).toBe(201);
      const execute = (teamId: string) =>
        t.request({
          method: 'POST',
          url: `/v1/teams/${teamId}/executions`,
          token: h.accessToken,
          body: { initial_prompt: 'Olá' },
        });
      const stored = async () =>
        (
          await t.request({
            method: 'GET',
            url: `/v1/teams/${team.json().id}/executions`,
            token: h.accessToken,
          })
        ).json().data.length as number;
      await setLimits(t, admin, h.clientId, { monthly_budget_usd: 1, requests_per_minute: 2 });
      await withClient(t.deps.db, h.clientId, (tx) =>
        tx.insert(usageLogs).values({ id: randomUUID(), client_id: h.clientId, cost_usd: '1' }),
      );
      const refused = await execute(team.json().id);
      expect(refused.statusCode).toBe(402);
      expect(refused.json()).toMatchObject({ code: 'BUDGET_EXCEEDED', budget_usd: 1 });
      // The team is judged before the budget: an unknown one is 404 still.
      expect((await execute(randomUUID())).json().code).toBe('TEAM_NOT_FOUND');
      expect(await stored()).toBe(0);

      await setLimits(t, admin, h.clientId, { monthly_budget_usd: 100, requests_per_minute: 2 });
      expect((await execute(team.json().id)).statusCode).toBe(202);
      expect((await execute(team.json().id)).statusCode).toBe(202);
      const over = await execute(team.json().id);
      expect(over.statusCode).toBe(429);
      expect(over.json()).toMatchObject({ code: 'QUOTA_EXCEEDED', quota: 'requests_per_minute', limit: 2 });
      expect(await stored()).toBe(2);
    });

    it('refuses tool calls once the budget is spent, and counts them against requests per minute', async () => {
      const g = await t.signup();
      const token = await runToken(g);
      await setLimits(t, admin, g.clientId, { monthly_budget_usd: 1, requests_per_minute: 3 });
      expect((await call(token)).statusCode).toBe(200);
      await withClient(t.deps.db, g.clientId, (tx) =>
        tx.insert(usageLogs).values({ id: randomUUID(), client_id: g.clientId, cost_usd: '1' }),
      );
      const refused = await call(token);
      expect(refused.statusCode).toBe(402);
      expect(refused.json()).toMatchObject({ code: 'BUDGET_EXCEEDED', budget_usd: 1 });

      await setLimits(t, admin, g.clientId, { monthly_budget_usd: 100, requests_per_minute: 3 });
      expect((await call(token)).statusCode).toBe(200);
      // The third counted request this minute (the refused one counted none); the fourth is over.
      expect((await call(token)).statusCode).toBe(200);
      const over = await call(token);
      expect(over.statusCode).toBe(429);
      expect(over.json()).toMatchObject({ code: 'QUOTA_EXCEEDED', quota: 'requests_per_minute', limit: 3 });
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });
  });
}
