import { z } from 'zod';

/**
 * What the platform reads of Meta's `whatsapp_business_account` webhook: `entry[].changes[].value` with
 * `metadata.phone_number_id`, `contacts[]`, `messages[]` and `statuses[]`. Unknown fields pass through.
 */
const inboundMessageSchema = z
  .object({
    from: z.string().regex(/^[0-9]{1,32}$/),
    id: z.string().min(1).max(512),
    timestamp: z.string().optional(),
    type: z.string().min(1).max(32),
    text: z.object({ body: z.string() }).optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
        list_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      })
      .optional(),
    button: z.object({ payload: z.string().optional(), text: z.string().optional() }).optional(),
    context: z.object({ id: z.string().optional(), from: z.string().optional() }).optional(),
  })
  .passthrough();

const statusSchema = z
  .object({
    id: z.string().min(1).max(512),
    status: z.string(),
    recipient_id: z.string().optional(),
    errors: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .passthrough();

const changeValueSchema = z
  .object({
    metadata: z.object({ phone_number_id: z.string().regex(/^[0-9]{1,64}$/) }).passthrough(),
    contacts: z
      .array(
        z.object({
          wa_id: z.string().optional(),
          profile: z.object({ name: z.string() }).partial().optional(),
        }),
      )
      .optional(),
    messages: z.array(inboundMessageSchema).max(100).optional(),
    statuses: z.array(statusSchema).max(100).optional(),
  })
  .passthrough();

/** The webhook body. */
export const whatsAppWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: z.string().optional(),
        changes: z.array(z.object({ field: z.string(), value: changeValueSchema.optional() })).max(100),
      }),
    )
    .max(100),
});

/** One parsed change value. */
export type WhatsAppChangeValue = z.infer<typeof changeValueSchema>;
/** One inbound message of a change. */
export type WhatsAppInboundMessage = z.infer<typeof inboundMessageSchema>;

/** Kind and text stored for an inbound message: text, button replies, or media (answered politely). */
export function describeInbound(message: WhatsAppInboundMessage): { kind: string; text: string } {
  if (message.type === 'text') return { kind: 'text', text: message.text?.body ?? '' };
  if (message.type === 'interactive') {
    const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
    return { kind: 'button', text: reply ? `${reply.id}\n${reply.title}` : '' };
  }
  if (message.type === 'button') {
    return { kind: 'button', text: `${message.button?.payload ?? ''}\n${message.button?.text ?? ''}` };
  }
  if (['image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts'].includes(message.type)) {
    return { kind: 'media', text: '' };
  }
  return { kind: message.type === 'reaction' ? 'reaction' : 'unsupported', text: '' };
}
