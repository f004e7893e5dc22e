import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCredential, resolveCredential, rewrapDataKeys } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { addKeyFileVersion, createVault, openKeyFileProvider, retireKeyFileVersion } from '@renum/vault';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from './test-app.ts';

describe('key rotation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'renum-vault-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('re-wraps every data key under the new key, after which the old one can be retired', async () => {
    const path = join(dir, 'keyring.json');
    const t = await createTestApp(testDatabaseTargets()[0]!);
    try {
      t.deps.vault = createVault({ provider: await openKeyFileProvider({ path }), cache: false });
      const owner = await t.signup();
      const principal = {
        kind: 'user' as const,
        userId: owner.userId,
        apiKeyId: null,
        clientId: owner.clientId,
        role: 'owner' as const,
        platformRole: 'none' as const,
      };
      await createCredential(t.deps, {
        principal,
        input: { service: 'tavily', name: 'k', secret: { api_key: 'tvly-rotate-me-123456' } },
      });
      const before = await t.handle.query<{ kek_version: string }>(
        'select kek_version from client_data_keys where client_id = $1',
        [owner.clientId],
      );
      expect(before[0]?.kek_version).toBe('1');

      const { version } = await addKeyFileVersion({ path });
      expect(version).toBe('2');
      t.deps.vault = createVault({ provider: await openKeyFileProvider({ path }), cache: false });
      expect(await rewrapDataKeys(t.deps)).toMatchObject({ rewrapped: 1 });
      const after = await t.handle.query<{ kek_version: string }>(
        'select kek_version from client_data_keys where client_id = $1',
        [owner.clientId],
      );
      expect(after[0]?.kek_version).toBe('2');

      await retireKeyFileVersion({ path, version: '1' });
      t.deps.vault = createVault({ provider: await openKeyFileProvider({ path }), cache: false });
      expect(
        (await resolveCredential(t.deps, { clientId: owner.clientId, service: 'tavily' }))?.fields.api_key,
      ).toBe('tvly-rotate-me-123456');
      expect(await rewrapDataKeys(t.deps)).toMatchObject({ rewrapped: 0 });
    } finally {
      await t.close();
    }
  });
});
