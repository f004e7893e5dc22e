import { z } from 'zod';
import { timestampSchema } from './common.ts';

/** A canonical model id: `<provider>/<model>` (`openai/gpt-4o-mini`, `openai-compatible/ollama/llama3.1`). */
const modelIdSchema = z
  .string()
  .trim()
  .min(3)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*\/\S+$/, 'a model id is <provider>/<model>');

/** A model's price in USD per million tokens, over the deployment's price table. */
export const modelPriceOverrideSchema = z.object({
  input_per_million: z.number().min(0).max(100_000),
  output_per_million: z.number().min(0).max(100_000),
});

/**
 * The feature switches the platform reads (ADR 0042): each one, when set to false, turns its feature off
 * for every client. A switch that is absent is on. Other names may be stored but change nothing.
 * - `public_pages`: public agent pages, the widget and their chat (`/v1/public/…`).
 * - `whatsapp`: connecting WhatsApp numbers and answering their inbound messages.
 * - `suna`: agents on the Suna executor (saving one, and sending to one).
 */
export const platformFeatureSwitches = ['public_pages', 'whatsapp', 'suna'] as const;
export type PlatformFeatureSwitch = (typeof platformFeatureSwitches)[number];

/** A feature switch's name: lower snake case, dots between parts (`public_agents`, `tools.web_search`). */
const featureNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/)
  .max(100);

/** The settings an admin edits (body of `PUT /v1/admin/settings`). */
export const platformSettingsInputSchema = z.object({
  /** The version the admin edited: a change on an older one is `409 CONFLICT`. */
  base_version: z.number().int().min(0),
  default_plan: z.string().min(1).max(50).nullable(),
  enabled_models: z.array(modelIdSchema).max(500).nullable(),
  price_overrides: z
    .record(modelIdSchema, modelPriceOverrideSchema)
    .refine((value) => Object.keys(value).length <= 500, 'at most 500 price overrides'),
  features: z
    .record(featureNameSchema, z.boolean())
    .refine((value) => Object.keys(value).length <= 100, 'at most 100 feature switches'),
  /** Why (kept in the audit log). */
  reason: z.string().trim().max(500).optional(),
});
export type PlatformSettingsInput = z.infer<typeof platformSettingsInputSchema>;

/** The settings in force: one version of the append-only series (version 0: none set yet). */
export const platformSettingsSchema = z
  .object({
    version: z.number().int().min(0),
    default_plan: z.string().nullable().describe("null: the deployment's RENUM_DEFAULT_PLAN"),
    enabled_models: z.array(z.string()).nullable().describe('null: every model the deployment can call'),
    price_overrides: z.record(z.string(), modelPriceOverrideSchema),
    features: z.record(z.string(), z.boolean()),
    price_version: z.string().describe('the price table version ledger rows priced now carry'),
    created_by: z.string().nullable(),
    created_at: timestampSchema.nullable(),
  })
  .meta({ id: 'PlatformSettings' });
export type PlatformSettings = z.infer<typeof platformSettingsSchema>;

/** What `GET /v1/admin/settings` answers: the settings in force, the models there are, and history. */
export const platformSettingsViewSchema = z
  .object({
    current: platformSettingsSchema,
    /** Models this deployment can call with its own keys, for the enabled-models choice. */
    available_models: z.array(z.string()),
    /** Earlier versions, newest first (at most 20). */
    history: z.array(platformSettingsSchema),
  })
  .meta({ id: 'PlatformSettingsView' });
export type PlatformSettingsView = z.infer<typeof platformSettingsViewSchema>;
