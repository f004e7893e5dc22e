import { z } from 'zod';
import { commonToolOptionsSchema } from './tool-options.ts';
import { isAllowedHost, templatePlaceholders, urlTemplateProblem } from './url-template.ts';

const headerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, 'must be an HTTP header name');
const credentialNameSchema = z.string().trim().min(1).max(100);
/** CR or LF would end the header line (header injection); NUL is refused by every HTTP parser. */
const headerValueSchema = z
  .string()
  .max(1_024)
  .refine((value) => !/[\r\n\0]/.test(value), 'must not contain CR, LF or NUL characters');

/** Where a client-defined HTTP tool puts its credential (service `http`: `token`, or `username` and `password`). */
export const httpToolAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), credential_name: credentialNameSchema }),
  z.object({ type: z.literal('basic'), credential_name: credentialNameSchema }),
  z.object({
    type: z.literal('header'),
    credential_name: credentialNameSchema,
    header_name: headerNameSchema,
  }),
  z.object({
    type: z.literal('query'),
    credential_name: credentialNameSchema,
    query_name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a query parameter name'),
  }),
]);

/** Parsed {@link httpToolAuthSchema}. */
export type HttpToolAuth = z.infer<typeof httpToolAuthSchema>;

/** Headers a definition may not set: transport headers, and credentials (those belong in the vault). */
const reservedHeaders = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'authorization',
  'proxy-authorization',
  'cookie',
]);

const hostEntrySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?[a-z0-9_.[\]:-]{1,253}$/, 'must be a host name, host:port or *.domain');

/**
 * A client-defined HTTP tool (the `http_request` tool kind): name and description for the model, method,
 * URL template with `{placeholders}`, the hosts it may reach, JSON-schema parameters, and auth from a
 * named credential. Placeholders fill the URL; other parameters go to the query string (GET, DELETE) or
 * a JSON body (POST, PUT, PATCH).
 */
export const httpToolDefinitionSchema = commonToolOptionsSchema
  .omit({ credential_name: true })
  .extend({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be snake_case: lower-case letters, digits and _, from a letter'),
    description: z.string().trim().min(1).max(1_024),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    url_template: z.string().trim().min(1).max(2_048),
    allowed_hosts: z.array(hostEntrySchema).min(1).max(20),
    parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
    auth: httpToolAuthSchema.optional(),
    headers: z.record(headerNameSchema, headerValueSchema).optional(),
    critical: z.boolean().default(false),
  })
  .superRefine((definition, context) => {
    const problem = urlTemplateProblem(definition.url_template);
    if (problem) {
      context.addIssue({ code: 'custom', path: ['url_template'], message: `url_template ${problem}` });
      return;
    }
    const sample = new URL(definition.url_template.replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, 'x'));
    if (!isAllowedHost(sample, definition.allowed_hosts)) {
      context.addIssue({
        code: 'custom',
        path: ['allowed_hosts'],
        message: `the host of url_template (${sample.host}) must be in allowed_hosts`,
      });
    }
    const properties = definition.parameters.properties;
    const declared = typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
    for (const name of templatePlaceholders(definition.url_template)) {
      if (!declared.includes(name)) {
        context.addIssue({
          code: 'custom',
          path: ['parameters'],
          message: `the placeholder {${name}} must be declared in parameters.properties`,
        });
      }
    }
    if (definition.parameters.type !== undefined && definition.parameters.type !== 'object') {
      context.addIssue({
        code: 'custom',
        path: ['parameters'],
        message: 'parameters must be an object schema',
      });
    }
    for (const name of Object.keys(definition.headers ?? {})) {
      if (reservedHeaders.has(name.toLowerCase())) {
        context.addIssue({
          code: 'custom',
          path: ['headers', name],
          message: `the header ${name} cannot be set here (use auth for credentials)`,
        });
      }
    }
  });

/** A client-defined HTTP tool as stored. */
export type HttpToolDefinition = z.input<typeof httpToolDefinitionSchema>;

/** A parsed {@link HttpToolDefinition} with defaults filled in. */
export type ParsedHttpToolDefinition = z.output<typeof httpToolDefinitionSchema>;
