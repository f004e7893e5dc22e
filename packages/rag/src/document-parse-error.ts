/** Why a document could not be read: shown to the person who uploaded it, on that document only. */
export type DocumentParseReason = 'unsupported' | 'corrupt' | 'encrypted' | 'empty' | 'too_large';

/** A document that cannot be parsed. Not retryable: the same bytes fail the same way. */
export class DocumentParseError extends Error {
  readonly reason: DocumentParseReason;

  constructor(reason: DocumentParseReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentParseError';
    this.reason = reason;
  }

  /** True for a {@link DocumentParseError}, across copies of this module. */
  static isInstance(error: unknown): error is DocumentParseError {
    return error instanceof Error && error.name === 'DocumentParseError' && 'reason' in error;
  }
}
