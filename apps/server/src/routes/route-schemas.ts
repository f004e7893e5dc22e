import { errorBodySchema } from '@renum/contracts';

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
