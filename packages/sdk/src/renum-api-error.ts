import type { ErrorCode } from '@renum/contracts';

/** One field-level problem from a `VALIDATION_ERROR` answer (`details` on the wire). */
export interface RenumFieldError {
  /** Where the problem is, as the server names it: `body.email`, `querystring.limit`. */
  field: string;
  message: string;
}

/** Codes the SDK itself gives when no server answer was read. */
export type RenumClientErrorCode = 'NETWORK_ERROR' | 'INVALID_RESPONSE' | 'ABORTED';

/**
 * An error answer of the Renum API (`{ error, code, ...context }`), or a request that got no usable
 * answer (`status` 0 with a client-side code). The one error type the SDK throws for HTTP failures.
 */
export class RenumApiError extends Error {
  override readonly name = 'RenumApiError';
  /** HTTP status; 0 when no answer was read (network failure, abort). */
  readonly status: number;
  /** The server's stable code (`AGENT_NOT_FOUND`), or a {@link RenumClientErrorCode}. */
  readonly code: ErrorCode | RenumClientErrorCode | (string & {});
  /** Field problems of a validation error, in the server's order. */
  readonly details: RenumFieldError[];
  /** The same problems keyed by field name without its location prefix (`email`, not `body.email`). */
  readonly fields: Record<string, string>;
  /** The whole error body (extra context such as `agent_id` or `retry_after`). */
  readonly body: Record<string, unknown>;
  /** The `x-request-id` of the answer, for support. */
  readonly requestId: string | null;

  constructor(options: {
    status: number;
    code: string;
    message: string;
    details?: RenumFieldError[];
    body?: Record<string, unknown>;
    requestId?: string | null;
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? [];
    this.fields = fieldMap(this.details);
    this.body = options.body ?? {};
    this.requestId = options.requestId ?? null;
  }

  /** True for a RenumApiError from any copy of this module. */
  static isInstance(value: unknown): value is RenumApiError {
    return value instanceof Error && value.name === 'RenumApiError' && 'status' in value && 'code' in value;
  }

  /** Builds the error from a non-2xx response, whatever its body holds. */
  static async fromResponse(response: Response): Promise<RenumApiError> {
    const requestId = response.headers.get('x-request-id');
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = await response.json();
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
    } catch {
      // A proxy's HTML error page or an empty body: keep the status, invent a message.
    }
    const code = typeof body.code === 'string' ? body.code : `HTTP_${response.status}`;
    const message =
      typeof body.error === 'string' ? body.error : `Request failed with status ${response.status}`;
    return new RenumApiError({
      status: response.status,
      code,
      message,
      details: parseDetails(body.details),
      body,
      requestId,
    });
  }
}

const locationPrefixes = ['body.', 'querystring.', 'params.', 'headers.'];

function fieldMap(details: RenumFieldError[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const detail of details) {
    const prefix = locationPrefixes.find((candidate) => detail.field.startsWith(candidate));
    const name = prefix ? detail.field.slice(prefix.length) : detail.field;
    // The first problem of a field is the one to show.
    if (name && !(name in fields)) fields[name] = detail.message;
  }
  return fields;
}

function parseDetails(value: unknown): RenumFieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const { field, message } = item as { field?: unknown; message?: unknown };
    return typeof field === 'string' && typeof message === 'string' ? [{ field, message }] : [];
  });
}
