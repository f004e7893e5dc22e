import { AppError, type DocumentErrorCode } from '@renum/contracts';
import { DocumentParseError, type DocumentParseReason } from '@renum/rag';
import { ToolCallError } from '@renum/tools';
import { APICallError } from 'ai';
import { SourceFetchError } from './source-fetch-error.ts';

/** Why a document failed: the stable code a screen translates, and the English detail. */
export interface DocumentFailure {
  code: DocumentErrorCode;
  message: string;
}

const parseCodes: Readonly<Record<DocumentParseReason, DocumentErrorCode>> = {
  unsupported: 'unsupported_format',
  corrupt: 'corrupt',
  encrypted: 'encrypted',
  empty: 'empty',
  too_large: 'too_large',
};

/** The failure of a document no parser reads (sniffing or parsing). */
export function parseFailure(error: DocumentParseError): DocumentFailure {
  return { code: parseCodes[error.reason], message: error.message };
}

/**
 * The failure of a document whose bytes cannot be had or read for good (a parse error, a page the egress
 * guard refuses, a name that does not resolve, an HTTP error), or null when another attempt may succeed.
 */
export function readFailure(error: unknown): DocumentFailure | null {
  if (DocumentParseError.isInstance(error)) return parseFailure(error);
  if (SourceFetchError.isInstance(error)) return { code: error.code, message: error.message };
  if (ToolCallError.isInstance(error)) {
    if (error.isRetryable) return null;
    return { code: toolFetchCode(error.code), message: error.message };
  }
  if (error instanceof Error && error.name === 'EgressBlockedError') {
    const unresolved = (error as { reason?: unknown }).reason === 'no-address';
    return { code: unresolved ? 'fetch_unreachable' : 'fetch_blocked', message: error.message };
  }
  return null;
}

function toolFetchCode(code: ToolCallError['code']): DocumentErrorCode {
  switch (code) {
    case 'EGRESS_BLOCKED':
    case 'HOST_NOT_ALLOWED':
    case 'REDIRECT_REFUSED':
      return 'fetch_blocked';
    case 'UPSTREAM_AUTH':
    case 'UPSTREAM_NOT_FOUND':
    case 'UPSTREAM_REJECTED':
      return 'fetch_http_error';
    default:
      // `INVALID_INPUT`: the name did not resolve (checkPublicTarget); the rest cannot reach the page either.
      return 'fetch_unreachable';
  }
}

/**
 * Why the embeddings can never be made (the model is not configured, the provider refused the request
 * for good), or null when another attempt may succeed (network, rate limit, 5xx: the job retries).
 */
export function embeddingFailure(error: unknown): DocumentFailure | null {
  if (AppError.isInstance(error) && error.code === 'MODEL_NOT_CONFIGURED') {
    return { code: 'embedding_unavailable', message: error.message };
  }
  if (APICallError.isInstance(error) && !error.isRetryable) {
    const message = `The embedding provider refused the request (HTTP ${error.statusCode ?? 'error'}): ${error.message}`;
    return { code: 'embedding_failed', message };
  }
  return null;
}
