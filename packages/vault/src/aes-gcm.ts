import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from 'node:crypto';

/** AES-GCM nonce length: 96 bits, the size GCM is designed for. */
export const nonceLength = 12;
/** Full-length 128-bit tag; shorter tags are refused so a truncated tag cannot be forged more easily. */
export const tagLength = 16;

/** Output of {@link sealAesGcm}. */
export interface SealedBox {
  /** Random 96-bit nonce. */
  nonce: Buffer;
  /** Ciphertext, as long as the plaintext. */
  ciphertext: Buffer;
  /** 128-bit authentication tag. */
  tag: Buffer;
}

/** Encrypts with AES-256-GCM under a fresh random nonce, authenticating `additionalData`. */
export function sealAesGcm(options: {
  key: KeyObject;
  plaintext: Uint8Array;
  additionalData: Buffer;
}): SealedBox {
  const nonce = randomBytes(nonceLength);
  const cipher = createCipheriv('aes-256-gcm', options.key, nonce, { authTagLength: tagLength });
  cipher.setAAD(options.additionalData);
  const ciphertext = Buffer.concat([cipher.update(options.plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

/**
 * Decrypts and authenticates an AES-256-GCM box; returns null on any failure (wrong key, wrong
 * additional data, altered bytes, bad lengths) so the caller chooses the error to raise.
 */
export function openAesGcm(options: {
  key: KeyObject;
  box: SealedBox;
  additionalData: Buffer;
}): Buffer | null {
  const { key, box, additionalData } = options;
  if (box.nonce.length !== nonceLength || box.tag.length !== tagLength) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.nonce, { authTagLength: tagLength });
    decipher.setAAD(additionalData);
    decipher.setAuthTag(box.tag);
    return Buffer.concat([decipher.update(box.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}
