import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';

/**
 * The variables every system prompt and template may use, with what each holds. This list is what
 * the web builder's variable picker shows; `config.<key>` (a top-level string, number or boolean
 * of the agent's `config`) comes on top of it.
 */
export const builtInPromptVariables = [
  { name: 'agent.name', description: "The agent's name." },
  { name: 'agent.description', description: "The agent's description (empty when it has none)." },
  { name: 'client.name', description: 'The name of the company the agent works for.' },
  { name: 'contact.name', description: 'The name of the person the conversation is with, when known.' },
  { name: 'contact.phone', description: "The contact's phone number, when known." },
  { name: 'contact.external_id', description: "The contact's id in the caller's own system, when known." },
  { name: 'current_date', description: 'Today as YYYY-MM-DD, in the time zone of the conversation.' },
  { name: 'current_time', description: 'The time as HH:MM (24 h), in the time zone of the conversation.' },
  { name: 'channel', description: 'The channel of the conversation: whatsapp, web, sms, email or api.' },
] as const satisfies ReadonlyArray<{ name: string; description: string }>;

/** Name of one of the {@link builtInPromptVariables}. */
export type BuiltInPromptVariable = (typeof builtInPromptVariables)[number]['name'];

const nameSchema = z.string().trim().min(1).max(200);
const descriptionSchema = z.string().max(2000).nullable();
const bodySchema = z.string().min(1).max(100_000);

/** A reusable prompt template; its text lives in immutable versions, the newest being `latest_version`. */
export const promptTemplateSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    name: z.string(),
    description: z.string().nullable(),
    latest_version: z.number().int(),
    created_at: timestampSchema,
    updated_at: timestampSchema,
  })
  .meta({ id: 'PromptTemplate' });
export type PromptTemplate = z.infer<typeof promptTemplateSchema>;

/** One immutable version of a template; `variables` are the names its body uses, in order of appearance. */
export const promptTemplateVersionSchema = z
  .object({
    id: uuidSchema,
    client_id: uuidSchema,
    template_id: uuidSchema,
    version: z.number().int().min(1),
    body: z.string(),
    variables: z.array(z.string()),
    created_by: uuidSchema.nullable(),
    created_at: timestampSchema,
  })
  .meta({ id: 'PromptTemplateVersion' });
export type PromptTemplateVersion = z.infer<typeof promptTemplateVersionSchema>;

/** A version without its body, as listed in a template's history. */
export const promptTemplateVersionSummarySchema = promptTemplateVersionSchema
  .omit({ body: true })
  .meta({ id: 'PromptTemplateVersionSummary' });
export type PromptTemplateVersionSummary = z.infer<typeof promptTemplateVersionSummarySchema>;

/** Answer of `GET /v1/prompt-templates/{id}`: the template, its latest version in full, and every version newest first. */
export const promptTemplateDetailSchema = promptTemplateSchema
  .extend({
    latest: promptTemplateVersionSchema,
    versions: z.array(promptTemplateVersionSummarySchema),
  })
  .meta({ id: 'PromptTemplateDetail' });
export type PromptTemplateDetail = z.infer<typeof promptTemplateDetailSchema>;

/** Body of `POST /v1/prompt-templates`: creates the template with version 1 holding `body`. */
export const createPromptTemplateSchema = z
  .object({
    name: nameSchema,
    description: descriptionSchema.optional(),
    body: bodySchema,
  })
  .strict();
export type CreatePromptTemplate = z.infer<typeof createPromptTemplateSchema>;

/** Body of `PATCH /v1/prompt-templates/{id}`: name and description only (the text changes by new versions). */
export const updatePromptTemplateSchema = z
  .object({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'at least one field is required' });
export type UpdatePromptTemplate = z.infer<typeof updatePromptTemplateSchema>;

/** Body of `POST /v1/prompt-templates/{id}/versions`: the text of the next version. */
export const createPromptTemplateVersionSchema = z.object({ body: bodySchema }).strict();
export type CreatePromptTemplateVersion = z.infer<typeof createPromptTemplateVersionSchema>;

/** Query of `GET /v1/prompt-templates`: newest first, with a name/description search. */
export const listPromptTemplatesQuerySchema = z.object({
  search: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListPromptTemplatesQuery = z.infer<typeof listPromptTemplatesQuerySchema>;

/** Path parameters of `GET /v1/prompt-templates/{id}/versions/{version}`. */
export const promptTemplateVersionParamsSchema = z.object({
  id: z.string(),
  version: z.coerce.number().int().min(1).max(2_147_483_647),
});
export type PromptTemplateVersionParams = z.infer<typeof promptTemplateVersionParamsSchema>;
