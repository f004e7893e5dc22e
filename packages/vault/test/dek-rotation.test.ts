import { describe, expect, it } from 'vitest';
import { type CredentialSecret, createVault, type Vault, type WrappedDataKey } from '../src/index.ts';
import { manualClock, recognisableSecret, singleKeyProvider } from './fixtures.ts';

const fieldsOf = (credentialId: string) => ({
  api_key: `${recognisableSecret}-${credentialId}`,
  user: credentialId,
});

async function clientWithSecrets(vault: Vault, clientId: string, count: number) {
  const dataKey = await vault.createDataKey({ clientId });
  const secrets: CredentialSecret[] = [];
  for (let index = 0; index < count; index += 1) {
    const credentialId = `${clientId}-cred-${index}`;
    secrets.push({
      credentialId,
      secret: await vault.encryptSecret({ dataKey, clientId, credentialId, fields: fieldsOf(credentialId) }),
    });
  }
  return { dataKey, secrets };
}

function decryptEach(
  vault: Vault,
  clientId: string,
  dataKey: WrappedDataKey,
  secrets: readonly CredentialSecret[],
) {
  return Promise.all(
    secrets.map(({ credentialId, secret }) =>
      vault.decryptSecret({ dataKey, clientId, credentialId, secret }),
    ),
  );
}

describe('per-client data-key rotation', () => {
  it('re-encrypts every secret under the next data-key version', async () => {
    const clock = manualClock();
    const vault = createVault({ provider: singleKeyProvider().provider, now: clock.now });
    const old = await clientWithSecrets(vault, 'client-a', 3);
    const other = await clientWithSecrets(vault, 'client-b', 1);
    clock.advance(60_000);

    const rotated = await vault.rotateDataKey({
      clientId: 'client-a',
      dataKeys: [old.dataKey],
      secrets: old.secrets,
    });
    expect(rotated.dataKey).toMatchObject({
      clientId: 'client-a',
      dekVersion: 2,
      createdAt: '2025-01-01T00:01:00.000Z',
    });
    expect(rotated.dataKey.wrapped).not.toBe(old.dataKey.wrapped);
    expect(rotated.secrets.map((entry) => entry.credentialId)).toEqual(
      old.secrets.map((entry) => entry.credentialId),
    );
    for (const [index, entry] of rotated.secrets.entries()) {
      expect(entry.secret.dekVersion).toBe(2);
      expect(entry.secret.ciphertext).not.toBe(old.secrets[index]!.secret.ciphertext);
    }

    const expected = old.secrets.map((entry) => fieldsOf(entry.credentialId));
    expect(await decryptEach(vault, 'client-a', rotated.dataKey, rotated.secrets)).toEqual(expected);
    // Until the new records are stored, the old ones keep decrypting with the old key.
    expect(await decryptEach(vault, 'client-a', old.dataKey, old.secrets)).toEqual(expected);
    await expect(decryptEach(vault, 'client-a', old.dataKey, rotated.secrets)).rejects.toMatchObject({
      code: 'UNKNOWN_KEY_VERSION',
    });
    expect(await decryptEach(vault, 'client-b', other.dataKey, other.secrets)).toEqual([
      fieldsOf('client-b-cred-0'),
    ]);
  });

  it('resumes an interrupted rotation with secrets under several versions', async () => {
    const vault = createVault({ provider: singleKeyProvider().provider });
    const old = await clientWithSecrets(vault, 'client-a', 2);
    const half = await vault.rotateDataKey({
      clientId: 'client-a',
      dataKeys: [old.dataKey],
      secrets: old.secrets.slice(0, 1),
    });
    const mixed = [half.secrets[0]!, old.secrets[1]!];
    const done = await vault.rotateDataKey({
      clientId: 'client-a',
      dataKeys: [old.dataKey, half.dataKey],
      secrets: mixed,
    });
    expect(done.dataKey.dekVersion).toBe(3);
    expect(await decryptEach(vault, 'client-a', done.dataKey, done.secrets)).toEqual(
      mixed.map((entry) => fieldsOf(entry.credentialId)),
    );
  });

  it('fails as a whole on a secret that does not belong, and on a missing or foreign key', async () => {
    const vault = createVault({ provider: singleKeyProvider().provider });
    const a = await clientWithSecrets(vault, 'client-a', 2);
    const b = await clientWithSecrets(vault, 'client-b', 1);
    const swapped = [a.secrets[0]!, { credentialId: 'client-a-cred-1', secret: a.secrets[0]!.secret }];
    await expect(
      vault.rotateDataKey({ clientId: 'client-a', dataKeys: [a.dataKey], secrets: swapped }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(
      vault.rotateDataKey({ clientId: 'client-a', dataKeys: [a.dataKey], secrets: b.secrets }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await expect(
      vault.rotateDataKey({ clientId: 'client-a', dataKeys: [a.dataKey, b.dataKey], secrets: a.secrets }),
    ).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
    await expect(
      vault.rotateDataKey({ clientId: 'client-a', dataKeys: [], secrets: a.secrets }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_KEY_VERSION' });
  });
});
