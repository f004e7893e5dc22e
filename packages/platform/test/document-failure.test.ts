import { AppError, documentErrorCodeSchema } from '@renum/contracts';
import { documents } from '@renum/db';
import { DocumentParseError } from '@renum/rag';
import { EgressBlockedError, ToolCallError } from '@renum/tools';
import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';
import { embeddingFailure, readFailure } from '../src/knowledge/document-failure.ts';
import { SourceFetchError } from '../src/knowledge/source-fetch-error.ts';

const providerError = (statusCode: number) =>
  new APICallError({
    message: 'Invalid input',
    url: 'http://embeddings.test/v1/embeddings',
    requestBodyValues: {},
    statusCode,
  });

describe('document failure codes', () => {
  it('are the same list in the API contract and the database schema (which cannot import it)', () => {
    expect(documents.error_code.enumValues).toEqual(documentErrorCodeSchema.options);
  });

  it('gives each parse reason its code and keeps the English detail', () => {
    const reasons = [
      ['unsupported', 'unsupported_format'],
      ['corrupt', 'corrupt'],
      ['encrypted', 'encrypted'],
      ['empty', 'empty'],
      ['too_large', 'too_large'],
    ] as const;
    for (const [reason, code] of reasons) {
      expect(readFailure(new DocumentParseError(reason, `because ${reason}`))).toEqual({
        code,
        message: `because ${reason}`,
      });
    }
  });

  it('tells a page the egress guard refused from one that cannot be reached or answered an error', () => {
    const blocked = new EgressBlockedError({ host: '10.1.2.3', reason: 'private' });
    expect(readFailure(blocked)?.code).toBe('fetch_blocked');
    expect(readFailure(new EgressBlockedError({ host: 'nowhere.test', reason: 'no-address' }))?.code).toBe(
      'fetch_unreachable',
    );
    expect(readFailure(new ToolCallError('HOST_NOT_ALLOWED', 'not allowed'))?.code).toBe('fetch_blocked');
    expect(readFailure(new ToolCallError('INVALID_INPUT', 'could not be resolved'))?.code).toBe(
      'fetch_unreachable',
    );
    expect(readFailure(new ToolCallError('UPSTREAM_NOT_FOUND', '404'))?.code).toBe('fetch_http_error');
    expect(readFailure(new SourceFetchError('fetch_http_error', 'HTTP 500'))?.code).toBe('fetch_http_error');
    expect(readFailure(new SourceFetchError('too_large', 'too big'))?.code).toBe('too_large');
  });

  it('leaves failures that may pass to the job’s retries', () => {
    expect(readFailure(new ToolCallError('UPSTREAM_TIMEOUT', 'slow'))).toBeNull();
    expect(readFailure(new Error('connection reset'))).toBeNull();
    expect(embeddingFailure(providerError(503))).toBeNull();
  });

  it('names an embedding model that is not configured apart from a provider’s refusal', () => {
    const missing = new AppError('MODEL_NOT_CONFIGURED', 'No embedding provider is configured');
    expect(embeddingFailure(missing)).toEqual({
      code: 'embedding_unavailable',
      message: 'No embedding provider is configured',
    });
    const refused = embeddingFailure(providerError(400));
    expect(refused?.code).toBe('embedding_failed');
    expect(refused?.message).toMatch(/HTTP 400/);
  });
});
