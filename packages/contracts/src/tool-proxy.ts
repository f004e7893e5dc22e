import { z } from 'zod';
import { timestampSchema } from './common.ts';

/** Path parameters of `POST /v1/tool-proxy/{tool}`: the tool's name as the model calls it. */
export const toolProxyParamsSchema = z.object({
  tool: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a tool name: lower-case letters, digits and _, from a letter'),
});

/**
 * Body of `POST /v1/tool-proxy/{tool}`: the tool's arguments, as the model produced them. They are
 * validated against the tool's own input schema (`400 VALIDATION_ERROR` with `details`).
 */
export const toolProxyBodySchema = z.record(z.string(), z.unknown());

/**
 * Answer of `POST /v1/tool-proxy/{tool}`, shaped like the `tool_result` run event. A failure of the tool
 * itself (the service is down, the credential is missing, the upstream refused) is not an HTTP error: it
 * is the result the model must see, `is_error: true` with `result: { error: "<readable message>" }` and a
 * stable `error_code`, exactly what the built-in executor hands its model.
 */
export const toolProxyResultSchema = z
  .object({
    tool: z.string(),
    /** The result shaped for the model (trimmed; never carries the credential). */
    result: z.unknown(),
    is_error: z.boolean(),
    /** Why the tool failed (`UPSTREAM_ERROR`, `TIMEOUT`, `CREDENTIAL_MISSING`, …); null on success. */
    error_code: z.string().nullable(),
    /** Upstream attempts made (0 when served from the cache or refused before sending). */
    attempts: z.number().int().min(0),
    duration_ms: z.number().int().min(0),
    /** True when the result came from the tool result cache. */
    cached: z.boolean(),
  })
  .meta({ id: 'ToolProxyResult' });
export type ToolProxyResult = z.infer<typeof toolProxyResultSchema>;

/** A run-scoped tool-proxy token as issued to an external executor. */
export const runToolTokenSchema = z.object({
  /** Bearer token for `POST /v1/tool-proxy/{tool}`, bound to one client, agent and run. */
  token: z.string(),
  expires_at: timestampSchema,
});
export type RunToolToken = z.infer<typeof runToolTokenSchema>;
