import { describe, expect, it } from 'vitest';
import { createLocalKeyProvider, createVault, generateKeyMaterial } from '../src/index.ts';
import { encodedForms, leaks, recognisableSecret, recording } from './fixtures.ts';

describe('stored records', () => {
  it('hold none of the secret, the data key or the key-encryption key in any common encoding', async () => {
    const material = generateKeyMaterial();
    const provider = recording(createLocalKeyProvider({ keys: { '1': material }, currentVersion: '1' }));
    const vault = createVault({ provider });
    const dump: unknown[] = [];
    const fields = { api_key: recognisableSecret, webhook_secret: `whsec_${recognisableSecret}` };
    for (const clientId of ['client-a', 'client-b']) {
      const dataKey = await vault.createDataKey({ clientId });
      const secret = await vault.encryptSecret({
        dataKey,
        clientId,
        credentialId: `cred-${clientId}`,
        fields,
      });
      const rotated = await vault.rotateDataKey({
        clientId,
        dataKeys: [dataKey],
        secrets: [{ credentialId: `cred-${clientId}`, secret }],
      });
      dump.push({ dataKey, secret }, rotated);
    }
    const text = JSON.stringify(dump);
    const dataKeys = provider.wraps.map((wrap) => wrap.plaintext);
    expect(dataKeys).toHaveLength(4);

    // The search itself must be able to see these values: each form is present in a dump made in clear.
    const clearDump = JSON.stringify({ fields, dataKey: dataKeys[0]!.toString('base64'), material });
    expect(leaks(clearDump, [recognisableSecret]).length).toBeGreaterThan(0);
    expect(leaks(clearDump, [dataKeys[0]!]).length).toBeGreaterThan(0);
    expect(leaks(clearDump, [Buffer.from(material, 'base64')]).length).toBeGreaterThan(0);

    const plaintext = Buffer.from(JSON.stringify(fields), 'utf8');
    const secrets = [recognisableSecret, fields.webhook_secret, plaintext, recognisableSecret.slice(-12)];
    expect(leaks(text, secrets)).toEqual([]);
    expect(leaks(text, [...dataKeys, Buffer.from(material, 'base64')])).toEqual([]);
  });

  it('finds encoded forms at any alignment', () => {
    const value = Buffer.from('0123456789abcdef', 'utf8');
    for (const prefix of ['', 'x', 'xy']) {
      const encoded = Buffer.concat([Buffer.from(prefix), value, Buffer.from('tail')]).toString('base64');
      expect(encodedForms(value).some((form) => encoded.includes(form))).toBe(true);
    }
  });
});
