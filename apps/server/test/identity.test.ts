import { testDatabaseTargets } from '@renum/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('identity', () => {
  let t: TestApp;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(pglite);
    owner = await t.signup();
  });
  afterAll(async () => t?.close());

  const me = (token: string) => t.request({ method: 'GET', url: '/v1/me', token });
  const expectAuthError = async (token: string) => {
    const response = await me(token);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('AUTH_ERROR');
  };

  it('signs up a client and its owner', async () => {
    const response = await me(owner.accessToken);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      role: 'owner',
      auth: 'user',
      user: { email: owner.email },
      client: { id: owner.clientId },
    });
    expect(JSON.stringify(response.json())).not.toContain('password');
    const again = await t.request({
      method: 'POST',
      url: '/v1/auth/signup',
      body: { email: owner.email.toUpperCase(), password: 'another-password', name: 'x', client_name: 'y' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('EMAIL_TAKEN');
  });

  it('stores the password as argon2id, never in clear', async () => {
    const rows = await t.handle.query<{ password_hash: string }>(
      'select password_hash from users where email = $1',
      [owner.email],
    );
    expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]?.password_hash).not.toContain(owner.password);
  });

  it('refuses a wrong password and an unknown email with the same answer in similar time', async () => {
    const attempt = async (email: string) => {
      const started = performance.now();
      const response = await t.request({
        method: 'POST',
        url: '/v1/auth/login',
        body: { email, password: 'wrong-password' },
      });
      return { response, ms: performance.now() - started };
    };
    await attempt('warm-up@example.com');
    const wrongTimes: number[] = [];
    const unknownTimes: number[] = [];
    let wrong: Awaited<ReturnType<typeof attempt>> | undefined;
    let unknown: Awaited<ReturnType<typeof attempt>> | undefined;
    for (let round = 0; round < 7; round++) {
      wrong = await attempt(owner.email);
      unknown = await attempt(`nobody-${round}@example.com`);
      wrongTimes.push(wrong.ms);
      unknownTimes.push(unknown.ms);
    }
    expect(wrong!.response.statusCode).toBe(401);
    expect(unknown!.response.statusCode).toBe(401);
    expect(unknown!.response.json()).toEqual(wrong!.response.json());
    // Both spend one argon2 verification; without the dummy hash the unknown email answers in ~0 ms. The
    // fastest of each is compared: a loaded machine (the suite's other files) only ever slows an attempt.
    expect(Math.min(...unknownTimes)).toBeGreaterThan(Math.min(...wrongTimes) * 0.3);
  });

  it('rejects tampered, alg:none, expired, wrong-audience and wrong-key tokens', async () => {
    const [header, payload, signature] = owner.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    await expectAuthError(`${header}.${base64url({ ...claims, role: 'owner', padm: true })}.${signature}`);
    await expectAuthError(
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, padm: true })}.`,
    );
    const sign = (overrides: { exp?: number; aud?: string; key?: Uint8Array; alg?: string }) =>
      new SignJWT({ cid: claims.cid, role: claims.role, padm: false, sid: claims.sid })
        .setProtectedHeader({ alg: overrides.alg ?? 'HS256' })
        .setSubject(claims.sub)
        .setIssuer('renum')
        .setAudience(overrides.aud ?? 'renum-api')
        .setIssuedAt(claims.iat)
        .setExpirationTime(overrides.exp ?? claims.exp)
        .sign(overrides.key ?? t.deps.auth.jwtSecret);
    expect((await me(await sign({}))).statusCode).toBe(200); // the control: a correctly signed token passes
    await expectAuthError(await sign({ exp: Math.floor(Date.now() / 1000) - 60 }));
    await expectAuthError(await sign({ aud: 'someone-else' }));
    await expectAuthError(await sign({ key: new TextEncoder().encode('x'.repeat(32)) }));
    await expectAuthError(await sign({ alg: 'HS512' }));
    await expectAuthError('not-a-token');
    const noAuth = await t.request({ method: 'GET', url: '/v1/me' });
    expect(noAuth.statusCode).toBe(401);
  });

  it('rotates refresh tokens and revokes the family when a spent one is reused', async () => {
    const session = await t.signup();
    const first = await t.refresh(session.refreshToken);
    expect(first.statusCode).toBe(200);
    const rotated = first.json().refresh_token as string;
    expect(rotated).not.toBe(session.refreshToken);
    const second = await t.refresh(rotated);
    expect(second.statusCode).toBe(200);
    const reuse = await t.refresh(session.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().error).toMatch(/reuse/);
    // The thief's reuse killed the legitimate holder's newest token too.
    const victim = await t.refresh(second.json().refresh_token);
    expect(victim.statusCode).toBe(401);
  });

  it('logs out by revoking the session', async () => {
    const session = await t.signup();
    expect(
      (
        await t.request({
          method: 'POST',
          url: '/v1/auth/logout',
          body: { refresh_token: session.refreshToken },
        })
      ).statusCode,
    ).toBe(204);
    const after = await t.refresh(session.refreshToken);
    expect(after.statusCode).toBe(401);
  });

  it('creates API keys shown once, stored hashed, and refused once revoked', async () => {
    const created = await t.request({
      method: 'POST',
      url: '/v1/api-keys',
      token: owner.accessToken,
      body: { name: 'Zapier', role: 'admin' },
    });
    expect(created.statusCode).toBe(201);
    const { secret, id, prefix } = created.json();
    expect(secret).toMatch(/^rk_/);
    expect(secret.startsWith(prefix)).toBe(true);
    const listed = await t.request({ method: 'GET', url: '/v1/api-keys', token: owner.accessToken });
    expect(listed.body).not.toContain(secret);
    const stored = await t.handle.query<{ key_hash: string }>('select key_hash from api_keys where id = $1', [
      id,
    ]);
    expect(stored[0]?.key_hash).not.toContain(secret);
    const viaBearer = await t.request({ method: 'GET', url: '/v1/me', token: secret });
    expect(viaBearer.json()).toMatchObject({ auth: 'api_key', role: 'admin', user: null });
    const viaHeader = await t.request({ method: 'GET', url: '/v1/agents', headers: { 'x-api-key': secret } });
    expect(viaHeader.statusCode).toBe(200);
    expect(
      (await t.request({ method: 'DELETE', url: `/v1/api-keys/${id}`, token: owner.accessToken })).statusCode,
    ).toBe(204);
    const revoked = await t.request({ method: 'GET', url: '/v1/agents', headers: { 'x-api-key': secret } });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('AUTH_ERROR');
    await expectAuthError(`${secret}x`);
  });

  it('refuses an API key expiry before the year 1000 (year 0 answered 500, year 1 came back as 2001)', async () => {
    for (const expires_at of ['0000-02-29T20:00:00Z', '0001-01-01T00:00:00Z']) {
      const refused = await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: owner.accessToken,
        body: { name: 'Old', expires_at },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: [{ field: 'body.expires_at' }],
      });
    }
    const kept = await t.request({
      method: 'POST',
      url: '/v1/api-keys',
      token: owner.accessToken,
      body: { name: 'Far', expires_at: '9999-12-31T23:59:59Z' },
    });
    expect(kept.json().expires_at).toBe('9999-12-31T23:59:59.000Z');
  });

  it('refuses the people and keys of a suspended client with 403 CLIENT_SUSPENDED', async () => {
    const session = await t.signup();
    const key = (
      await t.request({
        method: 'POST',
        url: '/v1/api-keys',
        token: session.accessToken,
        body: { name: 'k' },
      })
    ).json().secret;
    const admin = await t.platformAdmin();
    const suspend = await t.request({
      method: 'PATCH',
      url: `/v1/admin/clients/${session.clientId}`,
      token: admin.accessToken,
      body: { status: 'suspended' },
    });
    expect(suspend.statusCode).toBe(200);
    for (const response of [
      await me(session.accessToken),
      await t.request({ method: 'GET', url: '/v1/agents', headers: { 'x-api-key': key } }),
      await t.request({
        method: 'POST',
        url: '/v1/auth/login',
        body: { email: session.email, password: session.password },
      }),
      await t.refresh(session.refreshToken),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('CLIENT_SUSPENDED');
    }
    await t.request({
      method: 'PATCH',
      url: `/v1/admin/clients/${session.clientId}`,
      token: admin.accessToken,
      body: { status: 'active' },
    });
    expect((await me(session.accessToken)).statusCode).toBe(200);
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(pglite, { auth: { loginMaxPerEmail: 3, loginMaxPerIp: 5 } });
  });
  afterAll(async () => t?.close());

  it('limits attempts per email, then per IP, with 429 RATE_LIMITED and Retry-After', async () => {
    const session = await t.signup();
    const attempt = (email: string, password = 'wrong-password', ip = '10.0.0.1') =>
      t.app.inject({
        method: 'POST',
        url: '/v1/auth/login',
        payload: { email, password },
        remoteAddress: ip,
      });
    for (let i = 0; i < 3; i++) expect((await attempt(session.email)).statusCode).toBe(401);
    const limited = await attempt(session.email, session.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address still may not try this email; the per-IP budget is separate.
    expect((await attempt(session.email, session.password, '10.0.0.2')).statusCode).toBe(429);
    expect((await attempt('other@example.com')).statusCode).toBe(401);
    expect((await attempt('third@example.com')).statusCode).toBe(429);
  });
});
