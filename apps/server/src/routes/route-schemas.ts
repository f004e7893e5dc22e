import { errorBodySchema } from '@renum/contracts';
import { z } from 'zod';

/** Error answers every authenticated route may give, for OpenAPI (all share one wire shape). */
export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  429: errorBodySchema,
};

/** Authenticated by access token or API key. */
export const security: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];

/** Authenticated by a person's access token only (admin routes). */
export const personSecurity: Array<Record<string, string[]>> = [{ bearer: [] }];

/**
 * The `Idempotency-Key` header of a request that starts work (issue 9): a retry with the same key
 * answers what the first request started, and nothing is stored or started twice.
 */
export function idempotencyKeyHeaders(retried: string) {
  return z.object({
    'idempotency-key': z
      .string()
      .regex(/^[\x21-\x7e]{1,255}$/, 'Idempotency-Key must be 1 to 255 visible ASCII characters')
      .optional()
      .describe(`${retried}; nothing is stored twice`),
  });
}
