import { z } from 'zod';
import { defaultToolPolicies } from '../policy/tool-policy.ts';
import type { ProxyTool } from '../proxy/proxy-tool.ts';
import type { ResolvedToolServicesConfig } from './service-config.ts';
import { credentialField } from './tool-options.ts';

const buttonSchema = z.object({
  type: z.literal('reply'),
  reply: z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }),
});

/** One message of the WhatsApp channel: a text, a template or an interactive button message. */
export const whatsAppChannelInputSchema = z.discriminatedUnion('type', [
  z.object({
    to: z.string().regex(/^[0-9]{6,32}$/),
    type: z.literal('text'),
    text: z.object({ body: z.string().min(1).max(4096) }),
    /** The inbound message answered (shown quoted). */
    context: z.object({ message_id: z.string().min(1) }).optional(),
  }),
  z.object({
    to: z.string().regex(/^[0-9]{6,32}$/),
    type: z.literal('template'),
    template: z.object({
      name: z.string().min(1).max(512),
      language: z.object({ code: z.string().min(2).max(15) }),
      components: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
    }),
  }),
  z.object({
    to: z.string().regex(/^[0-9]{6,32}$/),
    type: z.literal('interactive'),
    interactive: z.object({
      type: z.literal('button'),
      body: z.object({ text: z.string().min(1).max(1024) }),
      action: z.object({ buttons: z.array(buttonSchema).min(1).max(3) }),
    }),
  }),
]);

/** Parsed {@link whatsAppChannelInputSchema}. */
export type WhatsAppChannelInput = z.infer<typeof whatsAppChannelInputSchema>;

/**
 * The WhatsApp channel's own sends (answers to people who wrote to a connected number, approval
 * requests to approvers): `POST {baseUrl}/{version}/{phoneNumberId}/messages` with the connection's
 * `whatsapp` credential as Bearer, through the tool proxy like every outbound call (vault, egress guard,
 * resilience, ledger). Not offered to models: the platform calls it, never an agent.
 */
export function createWhatsAppChannelTool(
  services: ResolvedToolServicesConfig,
  options: { phoneNumberId: string; credentialName: string },
): ProxyTool<WhatsAppChannelInput> {
  const { baseUrl, apiVersion, pricePerMessageUsd } = services.whatsapp;
  const policy = defaultToolPolicies.whatsapp_send_message ?? { kind: 'messaging', sideEffects: true };
  return {
    name: 'whatsapp_channel_send',
    description: 'Sends a message of the WhatsApp channel (platform use only).',
    service: 'whatsapp',
    serviceLabel: 'The WhatsApp Cloud API',
    credentialName: options.credentialName,
    inputSchema: whatsAppChannelInputSchema,
    policy,
    critical: false,
    unitPriceUsd: pricePerMessageUsd,
    buildRequest(input, credential) {
      const token = credentialField(credential, 'whatsapp', ['access_token']);
      return {
        method: 'POST',
        url: `${baseUrl}/${apiVersion}/${options.phoneNumberId}/messages`,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...input }),
      };
    },
    readReply(reply) {
      const body = (reply.json ?? {}) as { messages?: Array<{ id?: unknown }> };
      const id = Array.isArray(body.messages) ? body.messages[0]?.id : undefined;
      if (typeof id !== 'string') {
        return {
          ok: false,
          code: 'UPSTREAM_ERROR',
          message:
            'The WhatsApp Cloud API answered without a message id; the message may not have been sent.',
        };
      }
      return { ok: true, result: { message_id: id }, units: 1 };
    },
  };
}
