import { randomBytes } from 'node:crypto';
import { resolveCredential, rotateClientDataKey } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

interface Stored {
  id: string;
  service: string;
  name: string;
  secret: Record<string, string>;
}

describe.each(testDatabaseTargets())('per-client data-key rotation ($name)', (target) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(target);
  });
  afterAll(async () => t?.close());

  const storeCredentials = async (session: TestSession, count: number): Promise<Stored[]> => {
    const stored: Stored[] = [];
    for (let index = 0; index < count; index++) {
      const secret = { api_key: `tvly-rot-${index}-${randomBytes(6).toString('hex')}` };
      const name = `key-${index}-${randomBytes(3).toString('hex')}`;
      const response = await t.request({
        method: 'POST',
        url: '/v1/credentials',
        token: session.accessToken,
        body: { service: 'tavily', name, secret },
      });
      expect(response.statusCode).toBe(201);
      stored.push({ id: response.json().id, service: 'tavily', name, secret });
    }
    return stored;
  };

  /** Decrypts every stored credential the way tool calls do. */
  const expectAllDecrypt = async (clientId: string, stored: readonly Stored[]) => {
    for (const credential of stored) {
      const resolved = await resolveCredential(t.deps, {
        clientId,
        service: credential.service,
        name: credential.name,
      });
      expect(resolved?.credentialId).toBe(credential.id);
      expect(resolved?.fields).toEqual(credential.secret);
    }
  };

  const state = async (clientId: string) => {
    const keys = await t.handle.query<{ dek_version: number; record: unknown }>(
      'select dek_version, record from client_data_keys where client_id = $1 order by dek_version',
      [clientId],
    );
    const rows = await t.handle.query<{ id: string; dek_version: number; secret: unknown }>(
      'select id, dek_version, secret from credentials where client_id = $1 order by id',
      [clientId],
    );
    return { versions: keys.map((key) => key.dek_version), keys, rows };
  };

  it('re-encrypts every secret of the client under a new data key and retires the old one', async () => {
    const owner = await t.signup();
    const other = await t.signup();
    const mine = await storeCredentials(owner, 7);
    const theirs = await storeCredentials(other, 2);
    const before = await state(owner.clientId);
    const otherBefore = await state(other.clientId);
    expect(before.versions).toEqual([1]);

    const result = await rotateClientDataKey(t.deps, { clientId: owner.clientId, batchSize: 3 });
    expect(result).toMatchObject({
      rotated: true,
      fromVersion: 1,
      toVersion: 2,
      moved: 7,
      retiredVersions: [1],
    });

    const after = await state(owner.clientId);
    expect(after.versions).toEqual([2]);
    expect(after.rows.every((row) => row.dek_version === 2)).toBe(true);
    // Fresh ciphertexts, not relabelled ones.
    for (const row of after.rows) {
      const old = before.rows.find((candidate) => candidate.id === row.id);
      expect(JSON.stringify(row.secret)).not.toBe(JSON.stringify(old?.secret));
      expect((row.secret as { dekVersion: number }).dekVersion).toBe(2);
    }
    t.deps.vault.clearCache();
    await expectAllDecrypt(owner.clientId, mine);
    // The other client is untouched, byte for byte.
    expect(await state(other.clientId)).toEqual(otherBefore);
    await expectAllDecrypt(other.clientId, theirs);

    // New and replaced secrets use the new key.
    const [added] = await storeCredentials(owner, 1);
    const replaced = await t.request({
      method: 'PUT',
      url: `/v1/credentials/${mine[0]!.id}`,
      token: owner.accessToken,
      body: { secret: { api_key: 'tvly-replaced-after-rotation' } },
    });
    expect(replaced.statusCode).toBe(200);
    const versions = await t.handle.query<{ dek_version: number }>(
      'select dek_version from credentials where id = any($1::uuid[])',
      [[added!.id, mine[0]!.id]],
    );
    expect(versions.map((row) => row.dek_version)).toEqual([2, 2]);
    const audit = await t.handle.query<{ data: Record<string, unknown> }>(
      `select data from audit_log where action = 'vault.rotate_client' and client_id = $1`,
      [owner.clientId],
    );
    expect(audit).toEqual([{ data: { from_version: 1, to_version: 2, moved: 7, retired: [1] } }]);
  });

  it('leaves everything decryptable when interrupted midway, and a second run finishes the job', async () => {
    const owner = await t.signup();
    const mine = await storeCredentials(owner, 5);
    const interrupted = rotateClientDataKey(t.deps, {
      clientId: owner.clientId,
      batchSize: 2,
      onBatch: (moved) => {
        if (moved >= 2) throw new Error('process killed');
      },
    });
    await expect(interrupted).rejects.toThrow('process killed');
    const midway = await state(owner.clientId);
    expect(midway.versions).toEqual([1, 2]);
    expect(midway.rows.map((row) => row.dek_version).sort()).toEqual([1, 1, 1, 2, 2]);
    t.deps.vault.clearCache();
    await expectAllDecrypt(owner.clientId, mine);
    // A secret stored meanwhile goes under the newest key.
    const [added] = await storeCredentials(owner, 1);
    expect((await state(owner.clientId)).rows.find((row) => row.id === added!.id)?.dek_version).toBe(2);

    const result = await rotateClientDataKey(t.deps, { clientId: owner.clientId });
    expect(result).toMatchObject({ fromVersion: 2, toVersion: 3, moved: 6, retiredVersions: [1, 2] });
    const done = await state(owner.clientId);
    expect(done.versions).toEqual([3]);
    await expectAllDecrypt(owner.clientId, [...mine, added!]);
  });

  it('does nothing for a client without a data key and refuses a malformed id', async () => {
    const owner = await t.signup();
    expect(await rotateClientDataKey(t.deps, { clientId: owner.clientId })).toMatchObject({
      rotated: false,
      moved: 0,
    });
    expect((await state(owner.clientId)).versions).toEqual([]);
    await expect(rotateClientDataKey(t.deps, { clientId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'CLIENT_NOT_FOUND',
    });
  });
});
