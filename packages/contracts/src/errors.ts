/**
 * Stable error codes of the API (seed 003 names plus the platform's own), each with its HTTP status.
 * This table is the one place that decides a status.
 */
export const errorStatus = {
  VALIDATION_ERROR: 400,
  INVALID_AGENT_ID: 400,
  MODEL_NOT_CONFIGURED: 400,
  MALFORMED_REQUEST: 400,
  INVITATION_EXPIRED: 400,
  AUTH_ERROR: 401,
  WHATSAPP_SIGNATURE_INVALID: 401,
  BUDGET_EXCEEDED: 402,
  EXECUTOR_LIMIT: 402,
  FORBIDDEN: 403,
  ORIGIN_NOT_ALLOWED: 403,
  TOOL_NOT_ENABLED: 403,
  TOOL_NOT_TESTABLE: 403,
  MODEL_NOT_ENABLED: 403,
  FEATURE_DISABLED: 403,
  CLIENT_SUSPENDED: 403,
  VIEW_AS_READ_ONLY: 403,
  NOT_FOUND: 404,
  AGENT_NOT_FOUND: 404,
  SUB_AGENT_NOT_FOUND: 404,
  CLIENT_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  CONTACT_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  PROMPT_TEMPLATE_NOT_FOUND: 404,
  CREDENTIAL_NOT_FOUND: 404,
  INVITATION_NOT_FOUND: 404,
  SCHEDULE_NOT_FOUND: 404,
  TEAM_NOT_FOUND: 404,
  TEAM_EXECUTION_NOT_FOUND: 404,
  KNOWLEDGE_BASE_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  APPROVAL_NOT_FOUND: 404,
  WHATSAPP_CONNECTION_NOT_FOUND: 404,
  GLOBAL_AGENT_NOT_FOUND: 404,
  PLAN_NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  RUN_NOT_ACTIVE: 409,
  APPROVAL_ALREADY_DECIDED: 409,
  TEAM_EXECUTION_NOT_ACTIVE: 409,
  EMAIL_TAKEN: 409,
  SLUG_TAKEN: 409,
  AGENT_NOT_PUBLISHABLE: 409,
  CHANNEL_NOT_AVAILABLE: 409,
  LAST_PLATFORM_ADMIN: 409,
  PLAN_IN_USE: 409,
  PAYLOAD_TOO_LARGE: 413,
  URL_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  QUOTA_EXCEEDED: 429,
  HEADERS_TOO_LARGE: 431,
  ROUTING_ERROR: 500,
  INTERNAL_ERROR: 500,
  NOT_READY: 503,
  SERVICE_UNAVAILABLE: 503,
  EXECUTOR_UNAVAILABLE: 503,
} as const;

/** One of the API's stable error codes. */
export type ErrorCode = keyof typeof errorStatus;

/** Extra fields an error carries beside `error` and `code` (e.g. `agent_id`, `details`). */
export type ErrorContext = Record<string, unknown>;

/** Wire shape of every error: `{ "error": "<message>", "code": "<UPPER_SNAKE>", ...context }`. */
export interface ErrorBody {
  error: string;
  code: ErrorCode;
  [key: string]: unknown;
}

/**
 * The one error class use-cases throw. The HTTP boundary turns it into {@link ErrorBody}
 * with the status from {@link errorStatus}.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, options: { context?: ErrorContext; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.context = options.context ?? {};
  }

  /** HTTP status for this error's code. */
  get status(): number {
    return errorStatus[this.code];
  }

  /** Wire body of this error. */
  toBody(): ErrorBody {
    return { error: this.message, code: this.code, ...this.context };
  }

  /** True for an AppError from any copy of this module. */
  static isInstance(value: unknown): value is AppError {
    return value instanceof Error && value.name === 'AppError' && 'code' in value && 'context' in value;
  }
}
