import { createHash } from 'node:crypto';
import type { RouteContext } from './fake-http-server.ts';
import { sendJson } from './http-io.ts';
import { readOpenAIBody, sendOpenAIBadRequest } from './openai-errors.ts';

/** Dimensions of OpenAI's embedding models; any other model gets 384 unless `dimensions` is sent. */
const modelDimensions: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Most inputs OpenAI takes in one request. */
const maxInputs = 2048;

/**
 * A deterministic embedding of a text, for plumbing tests only: feature hashing of its lower-cased,
 * accent-folded words into `dimensions` buckets, L2-normalised. Texts that share words are close, so
 * ranking tests can tell a right answer from a wrong one; it is no semantic model and must never be
 * presented as one.
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  for (const word of words ?? []) {
    const digest = createHash('sha256').update(word).digest();
    const bucket = digest.readUInt32BE(0) % dimensions;
    vector[bucket] = (vector[bucket] ?? 0) + (digest[4]! & 1 ? 1 : -1);
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}

/** Tokens the fake counts for a text: its words (OpenAI counts BPE tokens; close enough for metering tests). */
function tokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * `POST /v1/embeddings` in OpenAI's wire format: `{ model, input: string | string[], dimensions?,
 * encoding_format? }` answered `{ object: 'list', data: [{ object: 'embedding', index, embedding }],
 * model, usage: { prompt_tokens, total_tokens } }`; base64 encoding as little-endian float32.
 */
export function handleEmbeddings(ctx: RouteContext): void {
  const body = readOpenAIBody(ctx, 'you must provide a model parameter');
  if (!body) return;
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((item) => typeof item === 'string')) {
    sendOpenAIBadRequest(ctx.res, "'input' must be a non-empty string or array of strings", 'input');
    return;
  }
  if (input.length > maxInputs) {
    sendOpenAIBadRequest(ctx.res, `'input' must have at most ${maxInputs} items`, 'input');
    return;
  }
  const model = String(body.model);
  const dimensions = typeof body.dimensions === 'number' ? body.dimensions : (modelDimensions[model] ?? 384);
  const base64 = body.encoding_format === 'base64';
  const total = input.reduce((sum, text) => sum + tokens(text), 0);
  sendJson(ctx.res, 200, {
    object: 'list',
    data: input.map((text, index) => {
      const embedding = fakeEmbedding(text, dimensions);
      return {
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(new Float32Array(embedding).buffer).toString('base64') : embedding,
      };
    }),
    model,
    usage: { prompt_tokens: total, total_tokens: total },
  });
}
