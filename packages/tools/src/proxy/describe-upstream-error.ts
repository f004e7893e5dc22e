import type { UpstreamReply } from './proxy-tool.ts';
import type { ToolErrorCode } from './tool-call-error.ts';
import { trimText } from './trim-for-model.ts';

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function firstString(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  return undefined;
}

/**
 * The service's own error message from the common shapes: Graph `{ error: { message } }`, Tavily
 * `{ detail: { error } }`, Firecrawl `{ error }`, `{ message }`, `{ detail }`, `{ errors: [{ message }] }`;
 * else the body text when it is short.
 */
export function upstreamMessage(reply: UpstreamReply): string | undefined {
  const body = asRecord(reply.json);
  if (body) {
    const error = asRecord(body.error);
    const detail = asRecord(body.detail);
    const errors = Array.isArray(body.errors) ? asRecord(body.errors[0]) : undefined;
    const found = firstString(
      error?.message,
      detail?.error,
      detail?.message,
      body.error,
      body.message,
      body.detail,
      errors?.message,
    );
    if (found) return found;
  }
  const text = reply.text.trim();
  return text !== '' && reply.json === undefined && !text.startsWith('<') ? text : undefined;
}

/**
 * A readable description of an error answer (4xx/5xx), with what the model can do about it: replace the
 * credential, fix the arguments, or try later. `text` must already be scrubbed.
 */
export function describeUpstreamError(
  reply: UpstreamReply,
  context: { readonly serviceLabel: string; readonly service: string; readonly attempts: number },
): { code: ToolErrorCode; message: string } {
  const { statusCode } = reply;
  const said = upstreamMessage(reply);
  const status = `HTTP ${statusCode}${said ? `: ${trimText(said, 300)}` : ''}`;
  const label = context.serviceLabel;
  if (statusCode === 401 || statusCode === 403) {
    return {
      code: 'UPSTREAM_AUTH',
      message: `${label} rejected the credential (${status}). The ${context.service} credential may be wrong, expired or lack permission; replace it in Credentials.`,
    };
  }
  if (statusCode === 404) {
    return {
      code: 'UPSTREAM_NOT_FOUND',
      message: `${label} found nothing there (${status}). Check the arguments.`,
    };
  }
  if (statusCode === 429) {
    return {
      code: 'UPSTREAM_RATE_LIMITED',
      message: `${label} is limiting the rate of calls (${status}). Try again later.`,
    };
  }
  if (statusCode >= 500) {
    const tries = context.attempts > 1 ? ` after ${context.attempts} attempts` : '';
    return { code: 'UPSTREAM_ERROR', message: `${label} failed (${status})${tries}. Try again later.` };
  }
  return {
    code: 'UPSTREAM_REJECTED',
    message: `${label} rejected the request (${status}). Fix the arguments and try again.`,
  };
}
