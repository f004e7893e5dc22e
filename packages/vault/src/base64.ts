const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const base64UrlPattern = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes standard (padded) or URL-safe (unpadded) base64 strictly, returning null for anything else,
 * because `Buffer.from(value, 'base64')` silently skips invalid characters.
 */
export function decodeBase64(value: unknown): Buffer | null {
  if (typeof value !== 'string') return null;
  if (base64Pattern.test(value)) return Buffer.from(value, 'base64');
  if (base64UrlPattern.test(value) && value.length % 4 !== 1) return Buffer.from(value, 'base64url');
  return null;
}

/** Encodes bytes as standard padded base64, the form used in every stored record. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
