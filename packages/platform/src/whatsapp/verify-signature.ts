import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '@renum/contracts';

/** `401 WHATSAPP_SIGNATURE_INVALID`: the webhook is refused and nothing is stored. */
export function signatureInvalid(reason: string): AppError {
  return new AppError('WHATSAPP_SIGNATURE_INVALID', `The webhook's X-Hub-Signature-256 ${reason}`);
}

/**
 * Checks Meta's `X-Hub-Signature-256` (`sha256=` + hex HMAC-SHA256 of the raw body under the app secret)
 * in constant time, over the exact bytes received. Throws {@link signatureInvalid} when it does not match.
 */
export function verifyWhatsAppSignature(
  rawBody: Buffer,
  header: string | undefined,
  appSecret: string,
): void {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) throw signatureInvalid('is missing or malformed');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw signatureInvalid('does not match the body');
  }
}
