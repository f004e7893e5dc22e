import { z } from 'zod';
import { defaultToolPolicies } from '../policy/tool-policy.ts';
import type { ProxyTool } from '../proxy/proxy-tool.ts';
import { ToolCallError } from '../proxy/tool-call-error.ts';
import type { ResolvedToolServicesConfig } from './service-config.ts';
import { applyPolicyOptions, commonToolOptionsSchema, credentialField } from './tool-options.ts';

const templateSchema = z.object({
  name: z.string().trim().min(1).max(512).describe('Name of an approved message template'),
  language: z.string().trim().min(2).max(15).describe('Template language code, e.g. en_US or pt_BR'),
  components: z
    .array(z.record(z.string(), z.unknown()))
    .max(20)
    .optional()
    .describe('Template components with their parameters, as the WhatsApp Cloud API expects them'),
});

/** Input of `whatsapp_send_message`: a text message or a template message. */
export const whatsAppSendMessageInputSchema = z
  .object({
    to: z
      .string()
      .trim()
      .regex(/^\+?[0-9]{6,20}$/, 'must be a phone number in international format, digits only')
      .describe('Recipient phone number in international format, e.g. +5511999998888'),
    text: z
      .string()
      .min(1)
      .max(4_096)
      .optional()
      .describe('Free text to send (only inside the 24-hour window)'),
    template: templateSchema
      .optional()
      .describe('Approved template to send (required outside the 24-hour window)'),
  })
  .refine((input) => (input.text === undefined) !== (input.template === undefined), {
    message: 'give either text or template, not both',
  });

/** Parsed {@link whatsAppSendMessageInputSchema}. */
export type WhatsAppSendMessageInput = z.infer<typeof whatsAppSendMessageInputSchema>;

/** Agent options of `whatsapp_send_message`. */
export const whatsAppSendMessageOptionsSchema = commonToolOptionsSchema.extend({
  /** Sending phone number id; default: the credential's `phone_number_id`. */
  phone_number_id: z
    .string()
    .regex(/^[0-9]{1,64}$/)
    .optional(),
  /** Whether each send needs a person's approval (seed 004 #2). */
  critical: z.boolean().default(true),
});

/** Options of `whatsapp_send_message` as an agent stores them. */
export type WhatsAppSendMessageOptions = z.input<typeof whatsAppSendMessageOptionsSchema>;

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function messageBody(input: WhatsAppSendMessageInput): Record<string, unknown> {
  const common = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: input.to.replace(/^\+/, ''),
  };
  if (input.template) {
    const { name, language, components } = input.template;
    return {
      ...common,
      type: 'template',
      template: { name, language: { code: language }, ...(components ? { components } : {}) },
    };
  }
  return { ...common, type: 'text', text: { body: input.text ?? '', preview_url: false } };
}

/**
 * `whatsapp_send_message` through the WhatsApp Cloud API
 * (`POST {baseUrl}/{version}/{phone_number_id}/messages` with Bearer): text and template messages.
 * Side-effecting, so never cached and retried only when the request surely did not arrive; critical by
 * default. The access token comes from the `whatsapp` credential (`access_token`, `phone_number_id`).
 */
export function createWhatsAppSendMessageTool(
  services: ResolvedToolServicesConfig,
  rawOptions: WhatsAppSendMessageOptions = {},
): ProxyTool<WhatsAppSendMessageInput> {
  const options = whatsAppSendMessageOptionsSchema.parse(rawOptions);
  const { baseUrl, apiVersion, pricePerMessageUsd } = services.whatsapp;
  const base = defaultToolPolicies.whatsapp_send_message ?? { kind: 'messaging', sideEffects: true };
  return {
    name: 'whatsapp_send_message',
    description:
      "Send a WhatsApp message to a phone number: free `text` (only within 24 hours of the person's last " +
      'message) or an approved `template` with its language and parameters. Each call sends a real message.',
    service: 'whatsapp',
    serviceLabel: 'The WhatsApp Cloud API',
    credentialName: options.credential_name,
    inputSchema: whatsAppSendMessageInputSchema,
    policy: applyPolicyOptions(base, options),
    critical: options.critical,
    unitPriceUsd: pricePerMessageUsd,
    buildRequest(input, credential) {
      const token = credentialField(credential, 'whatsapp', ['access_token']);
      const phoneNumberId = options.phone_number_id ?? credential.fields.phone_number_id;
      if (!phoneNumberId || !/^[0-9]{1,64}$/.test(phoneNumberId)) {
        throw new ToolCallError(
          'CREDENTIAL_ERROR',
          'The whatsapp credential has no valid phone_number_id; replace it in Credentials.',
        );
      }
      return {
        method: 'POST',
        url: `${baseUrl}/${apiVersion}/${phoneNumberId}/messages`,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(messageBody(input)),
      };
    },
    readReply(reply, input) {
      const body = asRecord(reply.json);
      const message = asRecord(Array.isArray(body.messages) ? body.messages[0] : undefined);
      const contact = asRecord(Array.isArray(body.contacts) ? body.contacts[0] : undefined);
      if (typeof message.id !== 'string') {
        return {
          ok: false,
          code: 'UPSTREAM_ERROR',
          message:
            'The WhatsApp Cloud API answered without a message id; the message may not have been sent.',
        };
      }
      return {
        ok: true,
        result: {
          sent: true,
          message_id: message.id,
          to: typeof contact.wa_id === 'string' ? contact.wa_id : input.to,
          status: typeof message.message_status === 'string' ? message.message_status : 'accepted',
        },
        units: 1,
      };
    },
  };
}
