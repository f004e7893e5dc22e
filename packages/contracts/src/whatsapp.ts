import { z } from 'zod';
import { timestampSchema, uuidSchema } from './common.ts';

/**
 * WhatsApp Business (Cloud API) channel (issue 12) and approval over WhatsApp (issue 15, ADR 0045): a
 * client connects a number bound to an agent; Meta's webhooks reach `/v1/channels/whatsapp/webhook`.
 */

const phoneNumberIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{1,64}$/, "must be Meta's numeric phone number id");
const verifyTokenSchema = z.string().min(8, 'must be at least 8 characters').max(200);
const templateNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,512}$/, 'must be an approved template name (lowercase letters, digits, _)');
const templateLanguageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a language code such as pt_BR or en_US');

/** `POST /v1/channels/whatsapp`: connect a number. */
export const connectWhatsAppSchema = z
  .object({
    agent_id: uuidSchema.describe('The agent that answers this number'),
    phone_number_id: phoneNumberIdSchema,
    display_phone_number: z.string().trim().max(32).optional(),
    credential_id: uuidSchema.describe('A `whatsapp` credential of the vault (its access token)'),
    app_secret: z
      .string()
      .min(8)
      .max(200)
      .describe("The Meta app's secret; stored encrypted, never returned"),
    verify_token: verifyTokenSchema.describe('The token Meta sends back in the verification handshake'),
    template_name: templateNameSchema.optional().describe('Template sent outside the 24-hour window'),
    template_language: templateLanguageSchema.optional(),
  })
  .strict();
export type ConnectWhatsApp = z.infer<typeof connectWhatsAppSchema>;

/** `PATCH /v1/channels/whatsapp/{id}`: change what is given. */
export const updateWhatsAppSchema = z
  .object({
    agent_id: uuidSchema.optional(),
    display_phone_number: z.string().trim().max(32).nullable().optional(),
    credential_id: uuidSchema.optional(),
    app_secret: z.string().min(8).max(200).optional(),
    verify_token: verifyTokenSchema.optional(),
    template_name: templateNameSchema.nullable().optional(),
    template_language: templateLanguageSchema.optional(),
  })
  .strict();
export type UpdateWhatsApp = z.infer<typeof updateWhatsAppSchema>;

/** A connected number as the API shows it: never the app secret, the verify token only masked. */
export const whatsAppConnectionSchema = z.object({
  id: uuidSchema,
  agent_id: uuidSchema,
  phone_number_id: z.string(),
  display_phone_number: z.string().nullable(),
  credential_id: uuidSchema,
  verify_token_hint: z.string(),
  template_name: z.string().nullable(),
  template_language: z.string(),
  /** The URL to give Meta as the webhook's callback URL. */
  webhook_url: z.string(),
  created_at: timestampSchema,
  updated_at: timestampSchema,
});
export type WhatsAppConnection = z.infer<typeof whatsAppConnectionSchema>;

/** `PUT /v1/me/whatsapp`: the caller's approver number in this client (null removes it). */
export const approverWhatsAppSchema = z
  .object({
    whatsapp_number: z
      .string()
      .trim()
      .transform((value) => value.replace(/[\s()+-]/g, ''))
      .pipe(z.string().regex(/^[0-9]{6,20}$/, 'must be a phone number in international format'))
      .nullable(),
  })
  .strict();
export type ApproverWhatsApp = z.infer<typeof approverWhatsAppSchema>;

/** Payload of `whatsapp.inbound`: answer (or decide with) one stored inbound message. */
export const whatsAppInboundJobPayloadSchema = z.object({ message_id: uuidSchema, client_id: uuidSchema });
export type WhatsAppInboundJobPayload = z.infer<typeof whatsAppInboundJobPayloadSchema>;

/** Payload of `whatsapp.approval`: send a new approval request to the approvers' numbers. */
export const whatsAppApprovalJobPayloadSchema = z.object({ approval_id: uuidSchema, client_id: uuidSchema });
export type WhatsAppApprovalJobPayload = z.infer<typeof whatsAppApprovalJobPayloadSchema>;

/** Payload of `whatsapp.reply`: send a person's reply (a stored message) to the WhatsApp contact. */
export const whatsAppReplyJobPayloadSchema = z.object({ message_id: uuidSchema, client_id: uuidSchema });
export type WhatsAppReplyJobPayload = z.infer<typeof whatsAppReplyJobPayloadSchema>;

/** Payload of `whatsapp.answer`: send the outcome of a WhatsApp conversation's resumed run to the contact. */
export const whatsAppRunAnswerJobPayloadSchema = z.object({ run_id: uuidSchema, client_id: uuidSchema });
export type WhatsAppRunAnswerJobPayload = z.infer<typeof whatsAppRunAnswerJobPayloadSchema>;
