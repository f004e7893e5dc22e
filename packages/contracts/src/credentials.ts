import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';

const secretValue = z.string().min(1).max(8192);

/**
 * Secret fields each known service takes; `http` is any client-defined HTTP API. Unknown services
 * accept free-form fields.
 */
export const credentialServiceFields = {
  openai: z.object({ api_key: secretValue }).strict(),
  anthropic: z.object({ api_key: secretValue }).strict(),
  tavily: z.object({ api_key: secretValue }).strict(),
  firecrawl: z.object({ api_key: secretValue }).strict(),
  whatsapp: z.object({ access_token: secretValue, phone_number_id: z.string().min(1).max(64) }).strict(),
  github: z.object({ token: secretValue }).strict(),
  http: z
    .object({
      token: secretValue.optional(),
      username: z.string().max(256).optional(),
      password: secretValue.optional(),
    })
    .strict()
    .refine(
      (fields) =>
        fields.token !== undefined || (fields.username !== undefined && fields.password !== undefined),
      {
        message: 'give a token, or a username and a password',
      },
    ),
} as const;

/** Services the platform knows how to use. */
export const knownCredentialServices = Object.keys(credentialServiceFields) as Array<
  keyof typeof credentialServiceFields
>;

const serviceSchema = z.string().regex(/^[a-z][a-z0-9_-]{1,40}$/, 'must be a lower-case service name');

/** Body of `POST /v1/credentials`. */
export const createCredentialSchema = z
  .object({
    service: serviceSchema,
    name: z.string().trim().min(1).max(100),
    secret: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,40}$/), secretValue),
    agent_id: uuidSchema.optional(),
  })
  .strict();
export type CreateCredential = z.infer<typeof createCredentialSchema>;

/** Body of `PUT /v1/credentials/{id}`: replaces the secret. */
export const replaceCredentialSchema = z
  .object({ secret: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,40}$/), secretValue) })
  .strict();

/** A credential as the API shows it: never the secret, only a masked hint. */
export const credentialSchema = z
  .object({
    id: uuidSchema,
    service: z.string(),
    name: z.string(),
    agent_id: uuidSchema.nullable(),
    fields: z.array(z.string()),
    masked: z.string(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
    last_used_at: timestampSchema.nullable(),
  })
  .meta({ id: 'Credential' });
export type Credential = z.infer<typeof credentialSchema>;
