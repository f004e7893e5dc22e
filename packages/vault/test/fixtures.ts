import {
  createLocalKeyProvider,
  type EncryptedSecret,
  generateKeyMaterial,
  type KeyContext,
  type KeyProvider,
  type WrappedDataKey,
} from '../src/index.ts';

/** A secret recognisable anywhere it might leak. */
export const recognisableSecret = 'sk-live-RENUMLEAK-7f3a9c1e5b2d40868e1f';

/** A provider with one fresh key-encryption key under version 1. */
export function singleKeyProvider(): { provider: KeyProvider; material: string } {
  const material = generateKeyMaterial();
  return { provider: createLocalKeyProvider({ keys: { '1': material }, currentVersion: '1' }), material };
}

/** Records what passes through a provider, so tests can check contexts, count unwraps and recover data keys. */
export interface RecordingProvider extends KeyProvider {
  /** Every wrap: a copy of the plaintext key and its context. */
  readonly wraps: { plaintext: Buffer; context: KeyContext }[];
  /** Number of unwrap calls so far. */
  unwrapCount: number;
}

/** Wraps a provider, recording wraps and counting unwraps. */
export function recording(inner: KeyProvider): RecordingProvider {
  const provider: RecordingProvider = {
    name: `recording-${inner.name}`,
    wraps: [],
    unwrapCount: 0,
    currentKeyVersion: () => inner.currentKeyVersion(),
    wrapKey: async (options) => {
      provider.wraps.push({ plaintext: Buffer.from(options.plaintext), context: { ...options.context } });
      return inner.wrapKey(options);
    },
    unwrapKey: async (options) => {
      provider.unwrapCount += 1;
      return inner.unwrapKey(options);
    },
  };
  return provider;
}

/**
 * Builds a data-key record that genuinely wraps `plaintext` under a forged context (another client or
 * version), so a test isolates the secret's own additional data from the wrap's context binding.
 */
export async function forgeDataKey(options: {
  provider: KeyProvider;
  template: WrappedDataKey;
  plaintext: Buffer;
  clientId?: string;
  dekVersion?: number;
}): Promise<WrappedDataKey> {
  const clientId = options.clientId ?? options.template.clientId;
  const dekVersion = options.dekVersion ?? options.template.dekVersion;
  const context = {
    purpose: 'renum.vault.data-key',
    format: '1',
    client_id: clientId,
    dek_version: String(dekVersion),
  };
  const wrapped = await options.provider.wrapKey({ plaintext: options.plaintext, context });
  return {
    ...options.template,
    clientId,
    dekVersion,
    kekVersion: wrapped.keyVersion,
    wrapped: Buffer.from(wrapped.wrapped).toString('base64'),
  };
}

/** Flips one bit of a base64 field, keeping its length. */
export function flipBit(base64: string, byteIndex = 0): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[byteIndex % bytes.length]! ^= 0x01;
  return bytes.toString('base64');
}

/** Returns a copy of a secret record with some fields replaced. */
export function withSecret(secret: EncryptedSecret, change: Partial<EncryptedSecret>): EncryptedSecret {
  return { ...secret, ...change };
}

/**
 * Forms in which bytes could show up in a dump: raw, hex, base64 and base64url, the latter at the three
 * alignments base64 can take inside a longer encoded buffer.
 */
export function encodedForms(value: string | Buffer): string[] {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const forms = [bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  if (typeof value === 'string') forms.push(value);
  for (let shift = 0; shift < 3; shift += 1) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = padded.toString(encoding).replace(/=+$/, '');
      // Drop the characters that mix in the padding bytes or the following unknown bytes.
      const start = Math.ceil((shift * 4) / 3);
      const end = Math.floor(((shift + bytes.length) * 4) / 3);
      forms.push(encoded.slice(start, end));
    }
  }
  return forms.filter((form) => form.length >= 8);
}

/** Returns the forms of `values` that occur in `text`. */
export function leaks(text: string, values: readonly (string | Buffer)[]): string[] {
  return values.flatMap((value) => encodedForms(value)).filter((form) => text.includes(form));
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2025-01-01T00:00:00Z')) {
  let current = start;
  return {
    now: () => new Date(current),
    advance: (milliseconds: number) => {
      current += milliseconds;
    },
  };
}
