import { baseSpec, defaultStatusMessage, type FakeRoute, startFakeHttpServer } from './fake-http-server.ts';
import { bearerToken, isRecord, sendJson } from './http-io.ts';
import { hashHex } from './text.ts';
import type { BaseFakeOptions, FakeServer } from './types.ts';

/** One rerank request the fake received. */
export interface RerankRequest {
  model: string;
  query: string;
  documents: string[];
  topN: number;
}

/** Options of {@link startFakeReranker}. */
export interface FakeRerankerOptions extends BaseFakeOptions {
  /**
   * Relevance of a document to a query. Default: the share of the query's distinct words that the
   * document contains (word overlap: a plumbing check, not a semantic model).
   */
  score?: (query: string, document: string) => number;
}

/** The error body of Cohere's and Jina's rerank APIs: `{ message }` / `{ detail }`. */
export function rerankErrorBody(status: number, message = defaultStatusMessage(status)): unknown {
  return { message, detail: message };
}

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** The default score: the share of the query's distinct words found in the document. */
export function wordOverlapScore(query: string, document: string): number {
  const asked = words(query);
  if (asked.size === 0) return 0;
  const present = words(document);
  let shared = 0;
  for (const word of asked) if (present.has(word)) shared++;
  return shared / asked.size;
}

/**
 * Starts a fake reranker on 127.0.0.1 speaking the Cohere/Jina wire format that vLLM, Infinity,
 * llama.cpp and TEI also serve: `POST /v1/rerank` (or `/rerank`) with `{ model, query, documents,
 * top_n, return_documents }`, answering `{ id, model, results: [{ index, relevance_score, document? }],
 * usage: { total_tokens }, meta: { billed_units: { search_units } } }`, best first. With `apiKey`, requests
 * need `Authorization: Bearer <apiKey>`. The handle adds `reranks` (requests received, in order).
 */
export async function startFakeReranker(
  options: FakeRerankerOptions = {},
): Promise<FakeServer & { reranks: RerankRequest[] }> {
  const reranks: RerankRequest[] = [];
  const score = options.score ?? wordOverlapScore;
  const rerank: FakeRoute = {
    method: 'POST',
    path: /^(\/v1)?\/rerank$/,
    auth: false,
    handle: ({ req, res }) => {
      if (options.apiKey != null && bearerToken(req.headers) !== options.apiKey) {
        sendJson(res, 401, rerankErrorBody(401, 'invalid api token'));
        return;
      }
      const body = isRecord(req.body) ? req.body : {};
      const documents = Array.isArray(body.documents)
        ? body.documents.map((document) =>
            typeof document === 'string' ? document : isRecord(document) ? String(document.text ?? '') : '',
          )
        : null;
      if (typeof body.query !== 'string' || body.query.length === 0 || !documents || documents.length === 0) {
        sendJson(res, 400, rerankErrorBody(400, 'query and documents are required'));
        return;
      }
      const query = body.query;
      const topN = typeof body.top_n === 'number' ? Math.max(1, Math.floor(body.top_n)) : documents.length;
      reranks.push({ model: String(body.model ?? ''), query, documents, topN });
      const results = documents
        .map((text, index) => ({
          index,
          relevance_score: score(query, text),
          ...(body.return_documents ? { document: { text } } : {}),
        }))
        .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
        .slice(0, topN);
      const tokens = [query, ...documents].reduce((sum, text) => sum + words(text).size, 0);
      sendJson(res, 200, {
        id: hashHex(`rerank:${reranks.length}:${query}`, 32),
        model: body.model,
        results,
        usage: { total_tokens: tokens },
        meta: { billed_units: { search_units: 1 } },
      });
    },
  };
  const server = await startFakeHttpServer({
    name: 'reranker',
    ...baseSpec(options),
    errorBody: rerankErrorBody,
    routes: [rerank],
  });
  return {
    ...server,
    reranks,
    reset: () => {
      server.reset();
      reranks.length = 0;
    },
  };
}
