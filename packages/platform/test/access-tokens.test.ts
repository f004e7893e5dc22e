import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AccessClaims, signAccessToken, verifyAccessToken } from '../src/index.ts';
import type { AuthSettings } from '../src/platform-deps.ts';

const settings = (jwtSecret: Uint8Array): AuthSettings => ({
  jwtSecret,
  issuer: 'renum',
  audience: 'renum-api',
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 86_400,
  loginMaxPerEmail: 5,
  loginMaxPerIp: 20,
  loginWindowSeconds: 60,
});

const claims: AccessClaims = {
  userId: randomUUID(),
  clientId: randomUUID(),
  role: 'owner',
  platformRole: 'none',
  sessionId: randomUUID(),
};

// The verification key is imported once per secret (ADR 0070): a key remembered for one secret must never
// verify a token for another, whichever was seen first.
describe('access token verification with remembered keys', () => {
  it('verifies with each secret its own tokens only, after either key was remembered', async () => {
    const now = new Date();
    const first = settings(randomBytes(32));
    const second = settings(randomBytes(32));
    const firstToken = await signAccessToken(first, claims, { now, id: randomUUID() });
    const secondToken = await signAccessToken(second, claims, { now, id: randomUUID() });

    await expect(verifyAccessToken(first, firstToken, now)).resolves.toMatchObject({ userId: claims.userId });
    await expect(verifyAccessToken(second, firstToken, now)).rejects.toMatchObject({ code: 'AUTH_ERROR' });
    await expect(verifyAccessToken(first, secondToken, now)).rejects.toMatchObject({ code: 'AUTH_ERROR' });
    await expect(verifyAccessToken(second, secondToken, now)).resolves.toMatchObject({
      sessionId: claims.sessionId,
    });
    // The same bytes in another array (a secret read again) verify the same tokens.
    const reread = settings(Uint8Array.from(first.jwtSecret));
    await expect(verifyAccessToken(reread, firstToken, now)).resolves.toMatchObject({
      userId: claims.userId,
    });
  });
});
