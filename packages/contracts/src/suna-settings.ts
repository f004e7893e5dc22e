import { z } from 'zod';
import { timestampSchema } from './common.ts';

/** How a client's Suna instance is found (seed 000): one shared URL, or a container per client. */
export const instanceProviderSchema = z.enum(['static', 'docker']);
export type InstanceProvider = z.infer<typeof instanceProviderSchema>;

const httpUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .transform((url) => url.replace(/\/+$/, ''));

/**
 * Answer of `GET`/`PUT /v1/admin/executors/suna/settings`: the connection the `suna` executor uses now.
 * Secrets (API key, service JWT) are never returned: only whether each is set.
 */
export const sunaSettingsSchema = z
  .object({
    /** Where the effective URL comes from: the admin's settings, the environment (bootstrap), or none. */
    source: z.enum(['settings', 'environment', 'none']),
    url: z.string().nullable(),
    tools_url: z.string().nullable(),
    api_key_set: z.boolean(),
    jwt_set: z.boolean(),
    instance_provider: instanceProviderSchema,
    docker_image: z.string().nullable(),
    docker_network: z.string().nullable(),
    updated_at: timestampSchema.nullable(),
  })
  .meta({ id: 'SunaSettings' });
export type SunaSettings = z.infer<typeof sunaSettingsSchema>;

/**
 * Body of `PUT /v1/admin/executors/suna/settings`. An omitted field keeps its value; `null` removes the
 * admin's value, so the environment's (if any) applies again. Secrets are write-only.
 */
export const updateSunaSettingsSchema = z
  .strictObject({
    url: httpUrl.nullable().optional(),
    tools_url: httpUrl.nullable().optional(),
    api_key: z.string().trim().min(1).max(500).nullable().optional(),
    jwt: z.string().trim().min(1).max(8000).nullable().optional(),
    instance_provider: instanceProviderSchema.optional(),
    docker_image: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._/:@-]{0,254}$/i, 'an image reference such as ghcr.io/kortix-ai/suna:latest')
      .nullable()
      .optional(),
    docker_network: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/i, 'a network name')
      .nullable()
      .optional(),
  })
  .meta({ id: 'UpdateSunaSettings' });
export type UpdateSunaSettings = z.infer<typeof updateSunaSettingsSchema>;
