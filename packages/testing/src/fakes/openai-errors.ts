import type { RouteContext } from './fake-http-server.ts';
import { defaultStatusMessage, type ErrorReply } from './fake-http-server.ts';
import { bearerToken, isRecord, sendJson } from './http-io.ts';
import type { RecordedRequest } from './types.ts';

/** OpenAI error `type` and `code` for common status codes. */
function errorKind(status: number): { type: string; code: string | null } {
  if (status === 401) return { type: 'invalid_request_error', code: 'invalid_api_key' };
  if (status === 404) return { type: 'invalid_request_error', code: 'model_not_found' };
  if (status === 429) return { type: 'requests', code: 'rate_limit_exceeded' };
  if (status >= 500) return { type: 'server_error', code: null };
  return { type: 'invalid_request_error', code: null };
}

/** OpenAI's usual message for a status code. */
function defaultOpenAIMessage(status: number): string {
  if (status === 429) return 'Rate limit reached for requests. Please try again later.';
  if (status === 503) return 'The engine is currently overloaded, please try again later.';
  if (status >= 500) return 'The server had an error while processing your request. Sorry about that!';
  return defaultStatusMessage(status);
}

/** OpenAI's error body: `{ error: { message, type, param, code } }`. */
export function openAIErrorBody(status: number, message?: string, param: string | null = null): unknown {
  const { type, code } = errorKind(status);
  return { error: { message: message ?? defaultOpenAIMessage(status), type, param, code } };
}

/** OpenAI's body for a turn scripted to fail (`streamError`), as a 500 answer or an in-stream event. */
export function openAIStreamErrorBody(error: { message: string; type?: string; code?: string }): unknown {
  const { message, type, code } = error;
  return { error: { message, type: type ?? 'server_error', param: null, code: code ?? null } };
}

/** Masks a key the way OpenAI does in its 401 message (`sk-abc***xyz`). */
function maskKey(key: string): string {
  return key.length <= 8 ? `${key.slice(0, 2)}***` : `${key.slice(0, 3)}***${key.slice(-4)}`;
}

/** Checks `Authorization: Bearer <key>` against `apiKey` (if set) and answers OpenAI's 401 when wrong. */
export function openAIAuthorizer(
  apiKey: string | undefined,
): (req: RecordedRequest) => ErrorReply | undefined {
  return (req) => {
    if (apiKey == null) return undefined;
    const token = bearerToken(req.headers);
    if (token === apiKey) return undefined;
    const message =
      token == null
        ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        : `Incorrect API key provided: ${maskKey(token)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    return { status: 401, body: openAIErrorBody(401, message) };
  };
}

/** Sends a 400 `invalid_request_error` in OpenAI's shape. */
export function sendOpenAIBadRequest(
  res: Parameters<typeof sendJson>[0],
  message: string,
  param: string | null = null,
): void {
  sendJson(res, 400, openAIErrorBody(400, message, param));
}

/**
 * The JSON body of an OpenAI request with a string `model`; otherwise answers OpenAI's 400 (saying
 * `missingModel` when the model is what lacks) and returns undefined.
 */
export function readOpenAIBody(ctx: RouteContext, missingModel: string): Record<string, unknown> | undefined {
  const body = ctx.req.body;
  if (!isRecord(body)) {
    sendOpenAIBadRequest(ctx.res, 'We could not parse the JSON body of your request.');
    return undefined;
  }
  if (typeof body.model !== 'string') {
    sendOpenAIBadRequest(ctx.res, missingModel, 'model');
    return undefined;
  }
  return body;
}
