import {
  baseSpec,
  defaultStatusMessage,
  type ErrorReply,
  type FakeRoute,
  startFakeHttpServer,
} from './fake-http-server.ts';
import { bearerToken, isRecord, sendJson } from './http-io.ts';
import { hashHex, idSequence } from './text.ts';
import type { BaseFakeOptions, FakeServer, RecordedRequest } from './types.ts';

/** A message the fake accepted. */
export interface WhatsAppSentMessage {
  /** `wamid.…` id returned to the caller. */
  id: string;
  /** Graph API version from the path, e.g. `v21.0`. */
  version: string;
  /** Phone number id from the path. */
  phoneNumberId: string;
  /** Recipient as sent. */
  to: string;
  /** Message type (`text`, `template`, …). */
  type: string;
  /** `text.body` for text messages. */
  text?: string;
  /** The `template` object for template messages. */
  template?: Record<string, unknown>;
  /** The `interactive` object for interactive (button) messages. */
  interactive?: Record<string, unknown>;
  /** The whole request body. */
  body: Record<string, unknown>;
}

/** Options of {@link startFakeWhatsApp}. */
export interface FakeWhatsAppOptions extends BaseFakeOptions {
  /** When set, only this phone number id exists; others get Graph's "Unsupported post request" error. */
  phoneNumberId?: string;
  /**
   * Several business accounts on one Graph API: phone number id → its access token. When set, a number
   * not in it gets Graph's "Unsupported post request" error and each number accepts only its own token.
   */
  accounts?: Readonly<Record<string, string>>;
}

/** Handle of a running fake WhatsApp Cloud API. */
export interface FakeWhatsApp extends FakeServer {
  /** Messages accepted so far, in order. */
  readonly sent: WhatsAppSentMessage[];
}

const MESSAGE_TYPES = [
  'audio',
  'contacts',
  'document',
  'image',
  'interactive',
  'location',
  'reaction',
  'sticker',
  'template',
  'text',
  'video',
];

/** Graph API error body: `{ error: { message, type, code, error_subcode?, fbtrace_id } }`. */
export function graphErrorBody(
  status: number,
  message = status >= 500 ? 'An unknown error has occurred.' : defaultStatusMessage(status),
  extra: { type?: string; code?: number; error_subcode?: number } = {},
): unknown {
  const code = extra.code ?? (status === 401 ? 190 : status === 429 ? 4 : status >= 500 ? 1 : 100);
  return {
    error: {
      message,
      type: extra.type ?? 'OAuthException',
      code,
      ...(extra.error_subcode != null && { error_subcode: extra.error_subcode }),
      fbtrace_id: `Afake${hashHex(`${status}:${message}`, 18)}`,
    },
  };
}

function invalidParameter(message: string): ErrorReply {
  return { status: 400, body: graphErrorBody(400, `(#100) ${message}`, { code: 100 }) };
}

/** Validates a Cloud API send-message body; returns an error reply or undefined. */
function validateMessage(body: unknown): ErrorReply | undefined {
  if (!isRecord(body)) return invalidParameter('The parameter messaging_product is required.');
  if (body.messaging_product !== 'whatsapp')
    return invalidParameter('The parameter messaging_product is required.');
  if (typeof body.to !== 'string' || body.to.length === 0)
    return invalidParameter('The parameter to is required.');
  const type = typeof body.type === 'string' ? body.type : 'text';
  if (!MESSAGE_TYPES.includes(type)) {
    const allowed = MESSAGE_TYPES.map((name) => name.toUpperCase()).join(', ');
    return invalidParameter(`Param type must be one of {${allowed}} - got "${type}".`);
  }
  if (type === 'text' && !(isRecord(body.text) && typeof body.text.body === 'string')) {
    return invalidParameter("The parameter text['body'] is required.");
  }
  if (type === 'interactive') {
    const interactive = body.interactive;
    if (!isRecord(interactive) || !isRecord(interactive.body) || typeof interactive.body.text !== 'string') {
      return invalidParameter("The parameter interactive['body']['text'] is required.");
    }
    const buttons = isRecord(interactive.action) ? interactive.action.buttons : undefined;
    if (
      interactive.type === 'button' &&
      !(Array.isArray(buttons) && buttons.length >= 1 && buttons.length <= 3)
    ) {
      return invalidParameter("The parameter interactive['action']['buttons'] must have 1 to 3 buttons.");
    }
  }
  if (type === 'template') {
    const template = body.template;
    if (!isRecord(template) || typeof template.name !== 'string') {
      return invalidParameter("The parameter template['name'] is required.");
    }
    if (!isRecord(template.language) || typeof template.language.code !== 'string') {
      return invalidParameter("The parameter template['language'] is required.");
    }
  }
  return undefined;
}

/** Checks the bearer token, answering Graph's OAuthException 401 when wrong. */
function graphAuthorizer(token: string | undefined): (req: RecordedRequest) => ErrorReply | undefined {
  return (req) => {
    if (token == null) return undefined;
    const given = bearerToken(req.headers);
    if (given === token) return undefined;
    const message =
      given == null
        ? 'An active access token must be used to query information about the current user.'
        : 'Invalid OAuth access token - Cannot parse access token';
    return { status: 401, body: graphErrorBody(401, message, { code: given == null ? 2500 : 190 }) };
  };
}

/**
 * Starts a fake WhatsApp Cloud API (Graph API) on 127.0.0.1:
 * `POST /v{version}/{phone_number_id}/messages` with `Authorization: Bearer`, text and template
 * messages, answering `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: "wamid…" }] }`
 * and Graph-shaped errors `{ error: { message, type, code, fbtrace_id } }`.
 */
export async function startFakeWhatsApp(options: FakeWhatsAppOptions = {}): Promise<FakeWhatsApp> {
  const sent: WhatsAppSentMessage[] = [];
  const sequence = idSequence('');
  const send: FakeRoute = {
    method: 'POST',
    path: /^\/(v\d+\.\d+)\/([^/]+)\/messages$/,
    handle: ({ req, res, params }) => {
      const [version = '', phoneNumberId = ''] = params;
      const unknownNumber =
        (options.phoneNumberId != null && phoneNumberId !== options.phoneNumberId) ||
        (options.accounts != null && options.accounts[phoneNumberId] === undefined);
      if (unknownNumber) {
        const message =
          `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to ` +
          'missing permissions, or does not support this operation. Please read the Graph API documentation ' +
          'at https://developers.facebook.com/docs/graph-api';
        sendJson(
          res,
          400,
          graphErrorBody(400, message, { type: 'GraphMethodException', code: 100, error_subcode: 33 }),
        );
        return;
      }
      const accountToken = options.accounts?.[phoneNumberId];
      if (options.accounts && accountToken !== undefined && bearerToken(req.headers) !== accountToken) {
        const rejected = graphAuthorizer(accountToken)(req);
        if (rejected) {
          sendJson(res, rejected.status, rejected.body);
          return;
        }
      }
      const invalid = validateMessage(req.body);
      if (invalid) {
        sendJson(res, invalid.status, invalid.body);
        return;
      }
      const body = req.body as Record<string, unknown>;
      const to = String(body.to);
      const type = typeof body.type === 'string' ? body.type : 'text';
      const waId = to.replace(/\D/g, '');
      const id = `wamid.HBgL${Buffer.from(`${waId}FAKE${sequence()}`).toString('base64')}`;
      const message: WhatsAppSentMessage = { id, version, phoneNumberId, to, type, body };
      if (type === 'text' && isRecord(body.text)) message.text = String(body.text.body);
      if (type === 'template' && isRecord(body.template)) message.template = body.template;
      if (type === 'interactive' && isRecord(body.interactive)) message.interactive = body.interactive;
      sent.push(message);
      sendJson(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: waId }],
        messages: [type === 'template' ? { id, message_status: 'accepted' } : { id }],
      });
    },
  };
  const server = await startFakeHttpServer({
    name: 'whatsapp',
    ...baseSpec(options),
    errorBody: (status, message) => graphErrorBody(status, message),
    authorize: graphAuthorizer(options.apiKey),
    responseHeaders: (req) => ({ 'x-fb-trace-id': `fake${hashHex(req.rawBody, 8)}` }),
    routes: [send],
  });
  return {
    ...server,
    sent,
    reset: () => {
      server.reset();
      sent.length = 0;
    },
  };
}
