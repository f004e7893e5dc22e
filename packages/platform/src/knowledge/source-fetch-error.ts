import type { DocumentErrorCode } from '@renum/contracts';

/** Why a web page source could not be had, among the document error codes. */
export type SourceFetchErrorCode = Extract<
  DocumentErrorCode,
  'fetch_unavailable' | 'fetch_http_error' | 'too_large'
>;

/**
 * A URL source that cannot be had for good (no fetcher in this deployment, an HTTP error, Firecrawl's
 * refusal, a page over the size limit): its document fails with the code, without retries.
 */
export class SourceFetchError extends Error {
  readonly code: SourceFetchErrorCode;

  constructor(code: SourceFetchErrorCode, message: string) {
    super(message);
    this.name = 'SourceFetchError';
    this.code = code;
  }

  /** True for a {@link SourceFetchError}, across copies of this module. */
  static isInstance(error: unknown): error is SourceFetchError {
    return error instanceof Error && error.name === 'SourceFetchError' && 'code' in error;
  }
}
