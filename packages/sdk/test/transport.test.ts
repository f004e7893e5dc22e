import { describe, expect, it } from 'vitest';
import { createRenumClient, memorySessionStore, RenumApiError } from '../src/index.ts';
import { sendJson, startLocalServer } from './local-server.ts';

const user = { id: '0190a000-0000-7000-8000-000000000001', email: 'a@example.com', name: 'A' };

/** A fake auth server with rotating refresh tokens that, like Renum, revokes the session on reuse. */
async function rotatingAuthServer() {
  const state = { generation: 1, refreshCalls: 0, revoked: false };
  const server = await startLocalServer(async (request, response, body) => {
    if (request.url === '/v1/auth/refresh') {
      state.refreshCalls++;
      // Slow enough that concurrent 401s pile up behind the one refresh.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const token = (JSON.parse(body) as { refresh_token: string }).refresh_token;
      if (state.revoked || token !== `refresh-${state.generation}`) {
        state.revoked = true;
        return sendJson(response, 401, { error: 'Refresh token reused', code: 'AUTH_ERROR' });
      }
      state.generation++;
      return sendJson(response, 200, {
        access_token: `access-${state.generation}`,
        refresh_token: `refresh-${state.generation}`,
        token_type: 'Bearer',
        expires_in: 900,
        user,
        client: null,
        role: null,
      });
    }
    if (request.headers.authorization !== `Bearer access-${state.generation}` || state.revoked) {
      return sendJson(response, 401, { error: 'Invalid token', code: 'AUTH_ERROR' });
    }
    return sendJson(response, 200, { user, client: null, role: null, auth: 'user', memberships: [] });
  });
  return { server, state };
}

describe('transport', () => {
  it('refreshes once for many concurrent 401s, then retries each request', async () => {
    const { server, state } = await rotatingAuthServer();
    await using _server = server;
    const store = memorySessionStore({
      accessToken: 'stale-access',
      refreshToken: 'refresh-1',
      accessExpiresAt: Date.now() + 60_000,
    });
    const sessions: string[] = [];
    const client = createRenumClient({
      baseUrl: server.url,
      session: store,
      onSession: (session) => sessions.push(session.access_token),
    });
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.me.get()));
    expect(answers.every((answer) => answer.user?.email === 'a@example.com')).toBe(true);
    expect(state.refreshCalls).toBe(1);
    expect(state.revoked).toBe(false);
    expect(sessions).toEqual(['access-2']);
    expect(store.load()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('refreshes before sending when the stored access token has expired', async () => {
    const { server, state } = await rotatingAuthServer();
    await using _server = server;
    const store = memorySessionStore({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      accessExpiresAt: 0,
    });
    const client = createRenumClient({ baseUrl: server.url, session: store });
    await client.me.get();
    expect(state.refreshCalls).toBe(1);
    expect(store.load()?.accessToken).toBe('access-2');
  });

  it('uses tokens another tab already rotated instead of spending the refresh token again', async () => {
    const { server, state } = await rotatingAuthServer();
    await using _server = server;
    const shared = memorySessionStore({
      accessToken: 'stale-access',
      refreshToken: 'refresh-1',
      accessExpiresAt: Date.now() + 60_000,
    });
    const tabA = createRenumClient({ baseUrl: server.url, session: shared });
    const tabB = createRenumClient({ baseUrl: server.url, session: shared });
    await tabA.me.get();
    // Tab B's request went out with the old token; its 401 must not spend refresh-1 a second time.
    const stale = { ...shared.load()!, accessToken: 'stale-access' };
    const next = await tabB.transport.refresh(stale.accessToken);
    expect(next?.accessToken).toBe('access-2');
    expect(state.refreshCalls).toBe(1);
    expect(state.revoked).toBe(false);
  });

  it('ends the session when the refresh token is refused, and surfaces the 401', async () => {
    const { server, state } = await rotatingAuthServer();
    await using _server = server;
    state.revoked = true;
    const store = memorySessionStore({
      accessToken: 'stale',
      refreshToken: 'refresh-1',
      accessExpiresAt: Date.now() + 60_000,
    });
    const ended: string[] = [];
    const client = createRenumClient({
      baseUrl: server.url,
      session: store,
      onSessionEnd: (r) => ended.push(r),
    });
    const error = await client.me.get().catch((caught: unknown) => caught);
    expect(RenumApiError.isInstance(error) && error.status).toBe(401);
    expect(store.load()).toBeNull();
    expect(ended).toEqual(['refresh_rejected']);
  });

  it('turns an unreachable server into a NETWORK_ERROR', async () => {
    const server = await startLocalServer((_request, response) => response.end());
    const url = server.url;
    await server.close();
    const client = createRenumClient({ baseUrl: url });
    await expect(client.agents.list()).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });
});
