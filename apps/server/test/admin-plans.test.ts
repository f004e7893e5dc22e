import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const values = {
  description: 'Small teams',
  monthly_budget_usd: 50,
  requests_per_minute: 100,
  max_concurrent_runs: 5,
};

/** The body of a settings change that keeps everything but the default plan. */
function settingsBody(current: Record<string, unknown>, defaultPlan: string) {
  return {
    base_version: current.version,
    default_plan: defaultPlan,
    enabled_models: current.enabled_models,
    price_overrides: current.price_overrides,
    features: current.features,
  };
}

for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(`the plans editor (${target.name})`, () => {
    let t: TestApp;
    let admin: TestSession;
    let owner: TestSession;
    let apiKey: string;

    beforeAll(async () => {
      t = await createTestApp(target);
      admin = await t.platformAdmin();
      owner = await t.signup();
      const created = await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: owner.accessToken,
        body: { name: 'probe', role: 'admin' },
      });
      apiKey = created.json().secret;
    });
    afterAll(async () => t?.close());

    const call = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, token = admin.accessToken) =>
      t.request({ method, url, token, ...(body === undefined ? {} : { body }) });

    async function audits(action: string) {
      return t.handle.query<{ actor_type: string; data: Record<string, unknown> }>(
        'select actor_type, data from audit_log where action = $1 order by created_at',
        [action],
      );
    }

    it('refuses a client owner and an API key (403) and writes nothing', async () => {
      const body = { name: 'sneaky', ...values };
      const asOwner = await call('POST', '/v1/admin/plans', body, owner.accessToken);
      const asKey = await t.request({
        method: 'POST',
        url: '/v1/admin/plans',
        headers: { 'x-api-key': apiKey },
        body,
      });
      expect([asOwner.statusCode, asOwner.json().code]).toEqual([403, 'FORBIDDEN']);
      expect([asKey.statusCode, asKey.json().code]).toEqual([403, 'FORBIDDEN']);
      const edit = await call(
        'PUT',
        '/v1/admin/plans/free',
        { ...values, base_version: 1 },
        owner.accessToken,
      );
      expect(edit.statusCode).toBe(403);
      const rows = await t.handle.query("select name from plans where name = 'sneaky'");
      expect(rows).toEqual([]);
      const [free] = await t.handle.query<{ version: number }>(
        "select version from plans where name = 'free'",
      );
      expect(free!.version).toBe(1);
    });

    it('validates bodies with the error shape of the API', async () => {
      const badName = await call('POST', '/v1/admin/plans', { ...values, name: 'Has Spaces' });
      expect(badName.statusCode).toBe(400);
      expect(badName.json()).toMatchObject({ code: 'VALIDATION_ERROR', error: expect.any(String) });
      const badLimit = await call('POST', '/v1/admin/plans', {
        ...values,
        name: 'zero',
        max_concurrent_runs: 0,
      });
      expect(badLimit.statusCode).toBe(400);
      expect(badLimit.json().code).toBe('VALIDATION_ERROR');
      const missing = await call('PUT', '/v1/admin/plans/nope', { ...values, base_version: 1 });
      expect([missing.statusCode, missing.json()]).toEqual([
        404,
        expect.objectContaining({ code: 'PLAN_NOT_FOUND', plan: 'nope' }),
      ]);
    });

    it('creates a plan, edits it as versions with optimistic concurrency, and audits each change', async () => {
      const created = await call('POST', '/v1/admin/plans', { ...values, name: 'team', reason: 'new offer' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({
        name: 'team',
        version: 1,
        clients: 0,
        retired_at: null,
        ...values,
      });
      const again = await call('POST', '/v1/admin/plans', { ...values, name: 'team' });
      expect([again.statusCode, again.json().code]).toEqual([409, 'CONFLICT']);

      const edited = await call('PUT', '/v1/admin/plans/team', {
        ...values,
        monthly_budget_usd: 75.5,
        requests_per_minute: null,
        base_version: 1,
        reason: 'more budget',
      });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({
        version: 2,
        monthly_budget_usd: 75.5,
        requests_per_minute: null,
      });
      const stale = await call('PUT', '/v1/admin/plans/team', { ...values, base_version: 1 });
      expect([stale.statusCode, stale.json()]).toEqual([
        409,
        expect.objectContaining({ code: 'CONFLICT', version: 2 }),
      ]);
      const same = await call('PUT', '/v1/admin/plans/team', {
        ...values,
        monthly_budget_usd: 75.5,
        requests_per_minute: null,
        base_version: 2,
      });
      expect(same.json().version).toBe(2);

      const versions = await call('GET', '/v1/admin/plans/team/versions');
      expect(
        versions
          .json()
          .data.map((v: { version: number; monthly_budget_usd: number | null }) => [
            v.version,
            v.monthly_budget_usd,
          ]),
      ).toEqual([
        [2, 75.5],
        [1, 50],
      ]);
      expect(versions.json().data[0].created_by).toBe(admin.userId);
      const updates = await audits('admin.plans.update');
      expect(updates).toEqual([
        {
          actor_type: 'platform_admin',
          data: {
            plan: 'team',
            version: 2,
            changed: ['monthly_budget_usd', 'requests_per_minute'],
            clients: 0,
            reason: 'more budget',
          },
        },
      ]);
      expect((await audits('admin.plans.create'))[0]!.data).toEqual({
        plan: 'team',
        version: 1,
        reason: 'new offer',
      });
      await expect(
        t.handle.query("update plan_versions set version = 9 where plan = 'team'"),
      ).rejects.toThrow(/append-only/);
    });

    it('applies an edit to the clients on the plan at once', async () => {
      await call('POST', '/v1/admin/plans', { ...values, name: 'shared' });
      const client = await t.signup();
      const put = await call('PUT', `/v1/admin/clients/${client.clientId}/limits`, { plan: 'shared' });
      expect(put.statusCode).toBe(200);
      await call('PUT', '/v1/admin/plans/shared', { ...values, max_concurrent_runs: 9, base_version: 1 });
      const limits = await call('GET', '/v1/limits', undefined, client.accessToken);
      expect(limits.json()).toMatchObject({ plan: 'shared', max_concurrent_runs: 9, monthly_budget_usd: 50 });
      const list = await call('GET', '/v1/admin/plans');
      expect(list.json().data.find((p: { name: string }) => p.name === 'shared')).toMatchObject({
        clients: 1,
        version: 2,
      });
    });

    it('retires only a plan nothing uses, refuses to assign a retired one, and reinstates it', async () => {
      await call('POST', '/v1/admin/plans', { ...values, name: 'legacy' });
      const client = await t.signup();
      await call('PUT', `/v1/admin/clients/${client.clientId}/limits`, { plan: 'legacy' });
      const inUse = await call('POST', '/v1/admin/plans/legacy/retire', { base_version: 1 });
      expect([inUse.statusCode, inUse.json()]).toEqual([
        409,
        expect.objectContaining({ code: 'PLAN_IN_USE', clients: 1 }),
      ]);
      await call('PUT', `/v1/admin/clients/${client.clientId}/limits`, { plan: 'pro' });

      const retired = await call('POST', '/v1/admin/plans/legacy/retire', {
        base_version: 1,
        reason: 'sunset',
      });
      expect(retired.statusCode, retired.body).toBe(200);
      expect(retired.json()).toMatchObject({ version: 2, retired_at: expect.any(String) });
      const assign = await call('PUT', `/v1/admin/clients/${client.clientId}/limits`, { plan: 'legacy' });
      expect([assign.statusCode, assign.json().code, assign.json().field]).toEqual([
        400,
        'VALIDATION_ERROR',
        'plan',
      ]);
      expect(assign.json().plans).not.toContain('legacy');
      const settings = (await call('GET', '/v1/admin/settings')).json().current;
      const asDefault = await call('PUT', '/v1/admin/settings', settingsBody(settings, 'legacy'));
      expect(asDefault.statusCode).toBe(400);

      const back = await call('POST', '/v1/admin/plans/legacy/reinstate', { base_version: 2 });
      expect(back.json()).toMatchObject({ version: 3, retired_at: null });
      const kinds = (await call('GET', '/v1/admin/plans/legacy/versions'))
        .json()
        .data.map((v: { retired: boolean }) => v.retired);
      expect(kinds).toEqual([false, true, false]);
      expect((await audits('admin.plans.retire'))[0]!.data).toEqual({
        plan: 'legacy',
        version: 2,
        reason: 'sunset',
      });
    });

    it('refuses to retire the default plan of the platform settings', async () => {
      await call('POST', '/v1/admin/plans', { ...values, name: 'starter' });
      const settings = (await call('GET', '/v1/admin/settings')).json().current;
      const set = await call('PUT', '/v1/admin/settings', settingsBody(settings, 'starter'));
      expect(set.statusCode, set.body).toBe(200);
      const retire = await call('POST', '/v1/admin/plans/starter/retire', { base_version: 1 });
      expect([retire.statusCode, retire.json()]).toEqual([
        409,
        expect.objectContaining({ code: 'PLAN_IN_USE', default_plan: true }),
      ]);
    });
  });
}
