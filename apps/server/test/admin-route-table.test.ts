import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

/** Fills a route pattern's parameters (`:id`, `:clientId`…) with `id`. */
function urlOf(pattern: string, id: string): string {
  return pattern.replace(/:[A-Za-z_]+/g, id);
}

// Walks the app's own route table (every route registered, so a new admin route is covered without
// anyone adding it here) and calls each `/v1/admin` route as a client's owner, its member and an API
// key of the owner's: each is refused 403 FORBIDDEN before anything runs, body or not.
describe('every /v1/admin route of the route table', () => {
  let t: TestApp;
  let owner: TestSession;
  let member: TestSession;
  let admin: TestSession;
  let apiKey: string;
  beforeAll(async () => {
    t = await createTestApp(pglite);
    owner = await t.signup();
    member = await t.joinAs(owner.accessToken, 'member');
    admin = await t.platformAdmin();
    const created = await t.request({
      method: 'POST',
      url: '/v1/api-keys',
      token: owner.accessToken,
      body: { name: 'probe', role: 'admin' },
    });
    apiKey = created.json().secret;
  });
  afterAll(async () => t?.close());

  function adminRoutes() {
    return t.app.routeTable.filter(
      (route) => route.url.startsWith('/v1/admin/') && route.method !== 'HEAD' && route.method !== 'OPTIONS',
    );
  }

  it('finds the admin routes in the route table', () => {
    const routes = adminRoutes().map((route) => `${route.method} ${route.url}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /v1/admin/clients',
        'POST /v1/admin/clients/:id/suspend',
        'GET /v1/admin/monitoring',
        'PUT /v1/admin/clients/:id/limits',
      ]),
    );
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it('refuses a client owner, a member and an API key (403) on each, and changes nothing', async () => {
    const refused: string[] = [];
    for (const route of adminRoutes()) {
      const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      const url = urlOf(route.url, owner.clientId);
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      for (const [who, credential] of [
        ['owner', { token: owner.accessToken }],
        ['member', { token: member.accessToken }],
        ['api key', { headers: { 'x-api-key': apiKey } }],
      ] as const) {
        const answer = await t.request({ method, url, body, ...credential });
        expect([route.method, route.url, who, answer.statusCode, answer.json().code]).toEqual([
          route.method,
          route.url,
          who,
          403,
          'FORBIDDEN',
        ]);
      }
      refused.push(`${route.method} ${route.url}`);
    }
    expect(refused.length).toBe(adminRoutes().length);
    const [row] = await t.handle.query<{ status: string; plan: string; platform_role: string }>(
      'select c.status, c.plan, u.platform_role from clients c, users u where c.id = $1 and u.id = $2',
      [owner.clientId, owner.userId],
    );
    expect(row).toEqual({ status: 'active', plan: 'unlimited', platform_role: 'none' });
  });

  it('lets a platform admin through the same guard', async () => {
    const answer = await t.request({ method: 'GET', url: '/v1/admin/clients', token: admin.accessToken });
    expect(answer.statusCode).toBe(200);
  });
});
