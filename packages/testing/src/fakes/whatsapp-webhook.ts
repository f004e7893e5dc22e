import { createHmac } from 'node:crypto';

/** Computes the `X-Hub-Signature-256` value (`sha256=<hex HMAC>`) Meta sends for a raw webhook body. */
export function signWhatsAppPayload(rawBody: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Fields of an inbound text-message webhook. */
export interface WhatsAppTextWebhookInput {
  /** Business phone number id receiving the message. */
  phoneNumberId: string;
  /** Sender's WhatsApp id (digits). */
  from: string;
  /** Message text. */
  text: string;
  /** The `wamid` of the message this one replies to (`context.id`). */
  contextId?: string;
  /** Sender's profile name (default `Test User`). */
  name?: string;
  /** Inbound message id (default derived from sender and text). */
  messageId?: string;
  /** Unix seconds (default now). */
  timestamp?: number;
  /** Display phone number (default `15550000000`). */
  displayPhoneNumber?: string;
  /** WhatsApp Business Account id (default `WABA_FAKE`). */
  businessAccountId?: string;
}

/** Builds the standard `whatsapp_business_account` webhook payload for one inbound text message. */
export function buildWhatsAppTextWebhook(input: WhatsAppTextWebhookInput): Record<string, unknown> {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const id =
    input.messageId ??
    `wamid.HBgL${Buffer.from(`${input.from}:${timestamp}:${input.text}`).toString('base64url')}`;
  return webhookEnvelope(input, {
    contacts: [{ profile: { name: input.name ?? 'Test User' }, wa_id: input.from }],
    messages: [
      {
        ...(input.contextId
          ? { context: { from: input.displayPhoneNumber ?? '15550000000', id: input.contextId } }
          : {}),
        from: input.from,
        id,
        timestamp,
        type: 'text',
        text: { body: input.text },
      },
    ],
  });
}

/** Fields of an inbound interactive button reply (the person pressed a reply button). */
export interface WhatsAppButtonReplyWebhookInput {
  phoneNumberId: string;
  from: string;
  /** The button's id as sent (`interactive.action.buttons[].reply.id`). */
  buttonId: string;
  /** The button's title. */
  title: string;
  /** The `wamid` of the message whose button was pressed (`context.id`). */
  contextId?: string;
  messageId?: string;
  name?: string;
  timestamp?: number;
  displayPhoneNumber?: string;
  businessAccountId?: string;
}

/** Builds the webhook Meta sends when a person presses a reply button (`type: interactive`, `button_reply`). */
export function buildWhatsAppButtonReplyWebhook(
  input: WhatsAppButtonReplyWebhookInput,
): Record<string, unknown> {
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const id =
    input.messageId ??
    `wamid.HBgL${Buffer.from(`${input.from}:${timestamp}:${input.buttonId}`).toString('base64url')}`;
  return webhookEnvelope(input, {
    contacts: [{ profile: { name: input.name ?? 'Test User' }, wa_id: input.from }],
    messages: [
      {
        ...(input.contextId
          ? { context: { from: input.displayPhoneNumber ?? '15550000000', id: input.contextId } }
          : {}),
        from: input.from,
        id,
        timestamp,
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: input.buttonId, title: input.title } },
      },
    ],
  });
}

/** Fields of an inbound media message (image, audio, document…). */
export interface WhatsAppMediaWebhookInput {
  phoneNumberId: string;
  from: string;
  /** @defaultValue `image` */
  type?: 'image' | 'audio' | 'video' | 'document' | 'sticker';
  messageId?: string;
  timestamp?: number;
  caption?: string;
}

/** Builds the webhook of an inbound media message (`{ type, [type]: { id, mime_type, sha256 } }`). */
export function buildWhatsAppMediaWebhook(input: WhatsAppMediaWebhookInput): Record<string, unknown> {
  const type = input.type ?? 'image';
  const timestamp = String(input.timestamp ?? Math.floor(Date.now() / 1000));
  const id =
    input.messageId ?? `wamid.HBgL${Buffer.from(`${input.from}:${timestamp}:${type}`).toString('base64url')}`;
  const media = {
    id: `media-${id.slice(-8)}`,
    mime_type: type === 'image' ? 'image/jpeg' : 'application/octet-stream',
    sha256: 'ZmFrZQ==',
    ...(input.caption ? { caption: input.caption } : {}),
  };
  return webhookEnvelope(input, {
    contacts: [{ profile: { name: 'Test User' }, wa_id: input.from }],
    messages: [{ from: input.from, id, timestamp, type, [type]: media }],
  });
}

/** Fields of a message-status webhook (sent / delivered / read / failed). */
export interface WhatsAppStatusWebhookInput {
  phoneNumberId: string;
  /** The `wamid…` of the outbound message. */
  messageId: string;
  /** Recipient's WhatsApp id. */
  recipientId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp?: number;
  /** Errors for `failed`, e.g. `[{ code: 131047, title: 'Re-engagement message' }]`. */
  errors?: Record<string, unknown>[];
  displayPhoneNumber?: string;
  businessAccountId?: string;
}

/** Builds the standard webhook payload for one outbound-message status update. */
export function buildWhatsAppStatusWebhook(input: WhatsAppStatusWebhookInput): Record<string, unknown> {
  const status: Record<string, unknown> = {
    id: input.messageId,
    status: input.status,
    timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    recipient_id: input.recipientId,
  };
  if (input.errors) status.errors = input.errors;
  return webhookEnvelope(input, { statuses: [status] });
}

/** The `whatsapp_business_account` payload around one `messages` change whose value holds `content`. */
function webhookEnvelope(
  account: { phoneNumberId: string; displayPhoneNumber?: string; businessAccountId?: string },
  content: Record<string, unknown>,
): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: account.businessAccountId ?? 'WABA_FAKE',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: account.displayPhoneNumber ?? '15550000000',
                phone_number_id: account.phoneNumberId,
              },
              ...content,
            },
          },
        ],
      },
    ],
  };
}

/** Options of {@link postWhatsAppWebhook}. */
export interface PostWhatsAppWebhookOptions {
  /** Webhook endpoint to POST to (a local test server). */
  url: string;
  /** Meta app secret used for the HMAC signature. */
  appSecret: string;
  /** Payload object (JSON-encoded once; the signature covers exactly the bytes sent). */
  payload: unknown;
  /** Override the signature header (e.g. to test rejection of a bad signature); `null` omits it. */
  signature?: string | null;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/** POSTs a signed webhook payload the way Meta does (`X-Hub-Signature-256`, JSON body). */
export async function postWhatsAppWebhook(options: PostWhatsAppWebhookOptions): Promise<Response> {
  const raw = JSON.stringify(options.payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'facebookexternalua',
    ...options.headers,
  };
  const signature =
    options.signature === undefined ? signWhatsAppPayload(raw, options.appSecret) : options.signature;
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  return fetch(options.url, { method: 'POST', headers, body: raw });
}

/** Builds the GET verification URL Meta calls when a webhook is registered (`hub.mode=subscribe`). */
export function whatsAppVerificationUrl(url: string, verifyToken: string, challenge = '1158201444'): string {
  const target = new URL(url);
  target.searchParams.set('hub.mode', 'subscribe');
  target.searchParams.set('hub.verify_token', verifyToken);
  target.searchParams.set('hub.challenge', challenge);
  return target.toString();
}
