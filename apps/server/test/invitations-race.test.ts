import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

// Postgres only: PGlite runs one statement at a time, so nothing races there.
const postgres = testDatabaseTargets().find((target) => target.name === 'postgres')!;

// Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
describe.skipIf(postgres.skipReason !== null)('invitations accepted at the same moment (postgres)', () => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(postgres);
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  it('joins once when the same invitation is accepted several times at once', async () => {
    const person = await t.signup();
    const created = (
      await t.request({
        method: 'POST',
        url: '/v1/invitations',
        token: owner.accessToken,
        body: { email: person.email, role: 'admin' },
      })
    ).json();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        index % 2 === 0
          ? t.request({
              method: 'POST',
              url: '/v1/invitations/accept',
              token: person.accessToken,
              body: { token: created.token },
            })
          : t.request({
              method: 'POST',
              url: `/v1/me/invitations/${created.invitation.id}/accept`,
              token: person.accessToken,
            }),
      ),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 404, 404, 404, 404, 404]);
    for (const refused of responses.filter((response) => response.statusCode === 404))
      expect(refused.json().code).toBe('INVITATION_NOT_FOUND');
    const rows = await t.handle.query<{ role: string }>(
      'select role from memberships where client_id = $1 and user_id = $2',
      [owner.clientId, person.userId],
    );
    expect(rows).toEqual([{ role: 'admin' }]);
    const audit = await t.handle.query<{ n: number }>(
      "select count(*)::int as n from audit_log where action = 'invitation.accept' and target_id = $1",
      [created.invitation.id],
    );
    expect(audit[0]?.n).toBe(1);
  });

  it('keeps one open invitation when the same email is invited several times at once', async () => {
    const email = `race-${Date.now()}@example.com`;
    const responses = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.request({ method: 'POST', url: '/v1/invitations', token: owner.accessToken, body: { email } }),
      ),
    );
    for (const response of responses) {
      expect([201, 409]).toContain(response.statusCode);
      if (response.statusCode === 409) expect(response.json().code).toBe('CONFLICT');
    }
    const open = await t.handle.query<{ n: number }>(
      'select count(*)::int as n from invitations where client_id = $1 and email = $2 and accepted_at is null and revoked_at is null',
      [owner.clientId, email],
    );
    expect(open[0]?.n).toBe(1);
  });
});
