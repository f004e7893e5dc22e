import { z } from 'zod';
import { agentSchema, agentToolSchema, channelSchema, originSchema } from './agents.ts';
import { uuidSchema } from './common.ts';

/** Starting points of the wizard's step 1 (seed 003 "template"); each shapes the generated prompt. */
export const wizardTemplateNames = ['customer_support', 'sales', 'scheduling', 'faq', 'custom'] as const;
export const wizardTemplateSchema = z.enum(wizardTemplateNames);
export type WizardTemplate = z.infer<typeof wizardTemplateSchema>;

/** Tones the wizard's step 2 offers. */
export const wizardToneNames = ['friendly', 'formal', 'casual', 'professional', 'enthusiastic'] as const;
export const wizardToneSchema = z.enum(wizardToneNames);
export type WizardTone = z.infer<typeof wizardToneSchema>;

/** Languages the generated system prompt can be written in (the client's language). */
export const wizardLanguageSchema = z.enum(['en', 'pt-BR']);
export type WizardLanguage = z.infer<typeof wizardLanguageSchema>;

/** Body of `POST /v1/agents/wizard/start` (optional): the language the agent will speak. */
export const wizardStartSchema = z
  .strictObject({ language: wizardLanguageSchema.optional() })
  .meta({ id: 'WizardStart' });
export type WizardStart = z.infer<typeof wizardStartSchema>;

/** Step 1 (seed 003): name, template, niche. */
export const wizardStep1Schema = z
  .strictObject({
    name: z.string().trim().min(2).max(200),
    template: wizardTemplateSchema,
    /** The business the agent serves, e.g. "dental clinic". */
    niche: z.string().trim().min(2).max(120),
    description: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'WizardStep1' });
export type WizardStep1 = z.infer<typeof wizardStep1Schema>;

/** Step 2 (seed 003): personality and tone; the system prompt is generated from it. */
export const wizardStep2Schema = z
  .strictObject({
    /** Traits, e.g. "patient", "empathetic". */
    personality: z.array(z.string().trim().min(1).max(60)).min(1).max(8),
    tone: wizardToneSchema,
    /** @defaultValue the language given at start, else `en` */
    language: wizardLanguageSchema.optional(),
    /** Free instructions appended to the generated prompt. */
    instructions: z.string().trim().max(4000).optional(),
  })
  .meta({ id: 'WizardStep2' });
export type WizardStep2 = z.infer<typeof wizardStep2Schema>;

/** A key usable as `{{config.<key>}}`: lower-case letters, digits and `_`, starting with a letter. */
const fieldKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must start with a letter and hold only a-z, 0-9 and _');

/** One custom field of step 3: it becomes the prompt variable `{{config.<key>}}`. */
export const wizardCustomFieldSchema = z.strictObject({
  key: fieldKeySchema,
  label: z.string().trim().min(1).max(100),
  value: z.string().trim().min(1).max(2000),
});
export type WizardCustomField = z.infer<typeof wizardCustomFieldSchema>;

/** Step 3 (seed 003): custom fields (opening hours, address...), the agent's prompt variables. */
export const wizardStep3Schema = z
  .strictObject({ fields: z.array(wizardCustomFieldSchema).max(30) })
  .refine((step) => new Set(step.fields.map((field) => field.key)).size === step.fields.length, {
    message: 'each key may appear once',
    path: ['fields'],
  })
  .meta({ id: 'WizardStep3' });
export type WizardStep3 = z.infer<typeof wizardStep3Schema>;

/** The WhatsApp number an agent answers (Cloud API). */
export const wizardWhatsAppSchema = z.strictObject({
  /** A `whatsapp` credential of the client (access token, phone number id). */
  credential_id: uuidSchema,
  phone_number_id: z.string().regex(/^[0-9]{1,64}$/, 'must be the digits Meta shows'),
  /** What Meta echoes in the webhook handshake. */
  verify_token: z.string().min(8).max(200),
});

/** Step 4 (seed 003): integrations: channel, tools, credentials, knowledge bases, publication. */
export const wizardStep4Schema = z
  .strictObject({
    channel: channelSchema,
    tools: z.array(agentToolSchema).max(32).default([]),
    knowledge_base_ids: z.array(uuidSchema).max(20).default([]),
    whatsapp: wizardWhatsAppSchema.optional(),
    /** Whether the public page and widget answer anyone. @defaultValue true */
    is_public: z.boolean().default(true),
    /** Origins allowed to embed the widget. @defaultValue [] */
    allowed_origins: z.array(originSchema).max(20).default([]),
    /** Most visitor messages the public page and widget answer per day, so a public agent cannot run up
     * the client's bill. @defaultValue 500 */
    daily_message_cap: z.number().int().min(1).max(100_000).default(500),
  })
  .meta({ id: 'WizardStep4' });
export type WizardStep4 = z.infer<typeof wizardStep4Schema>;

/** The step numbers of the wizard. */
export const wizardStepNumbers = [1, 2, 3, 4] as const;
export type WizardStepNumber = (typeof wizardStepNumbers)[number];

/** The body schema of each step. */
export const wizardStepSchemas = {
  1: wizardStep1Schema,
  2: wizardStep2Schema,
  3: wizardStep3Schema,
  4: wizardStep4Schema,
} as const;

/** Answer of every wizard route but publish: the draft agent and where the wizard stands. */
export const wizardStateSchema = z
  .object({
    wizard_id: uuidSchema,
    agent: agentSchema,
    /** Steps saved so far. */
    completed_steps: z.array(z.number().int()),
    /** Steps that must be saved before publishing (1, 2 and 4; step 3 is optional). */
    missing_steps: z.array(z.number().int()),
  })
  .meta({ id: 'WizardState' });
export type WizardState = z.infer<typeof wizardStateSchema>;

/** Answer of `POST /v1/agents/wizard/{id}/publish`. */
export const publicationSchema = z
  .object({
    agent: agentSchema,
    slug: z.string(),
    public_url: z.string().nullable(),
    /** The public URL as a QR code: an SVG document and a PNG data URL. */
    qr_code: z.object({ svg: z.string(), png: z.string() }).nullable(),
    /** What a client pastes into its site to show the chat bubble. */
    embed_snippet: z.string().nullable(),
    /** Where Meta must send WhatsApp events, when the channel is WhatsApp. */
    whatsapp_webhook_url: z.string().nullable(),
  })
  .meta({ id: 'Publication' });
export type Publication = z.infer<typeof publicationSchema>;
