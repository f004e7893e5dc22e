/**
 * Stable codes carried by every {@link VaultError}; callers branch on these, never on messages.
 */
export const vaultErrorCodes = [
  'INVALID_KEY',
  'INVALID_KEYRING',
  'KEY_FILE_ERROR',
  'UNKNOWN_KEY_VERSION',
  'KEY_MISMATCH',
  'DECRYPT_FAILED',
  'INVALID_RECORD',
  'INVALID_INPUT',
  'KEY_PROVIDER_FAILED',
] as const;

/** One of {@link vaultErrorCodes}. */
export type VaultErrorCode = (typeof vaultErrorCodes)[number];

const marker = Symbol.for('renum.vault.error');

/** Options for constructing a {@link VaultError}. */
export interface VaultErrorOptions {
  /** Stable machine-readable code. */
  code: VaultErrorCode;
  /** Human-readable message; must never contain secret values or key material. */
  message: string;
  /** Underlying error, only when it is known not to carry secret bytes (file-system or provider errors). */
  cause?: unknown;
}

/**
 * The only error the vault throws. Its message names ids, versions and field names at most,
 * never secret values or key material, so it is safe to log and to return to an operator.
 */
export class VaultError extends Error {
  /** Stable machine-readable code. */
  readonly code: VaultErrorCode;
  readonly [marker] = true;

  constructor(options: VaultErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VaultError';
    this.code = options.code;
  }

  /** Whether retrying the same call may succeed (only a failing key provider, e.g. a KMS outage). */
  get isRetryable(): boolean {
    return this.code === 'KEY_PROVIDER_FAILED';
  }

  /** Recognises a VaultError even across duplicated module instances. */
  static isInstance(error: unknown): error is VaultError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
