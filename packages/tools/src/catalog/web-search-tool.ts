import { z } from 'zod';
import type { JsonValue } from '../cache/stable-json.ts';
import { defaultToolPolicies } from '../policy/tool-policy.ts';
import type { ProxyTool } from '../proxy/proxy-tool.ts';
import { trimText } from '../proxy/trim-for-model.ts';
import type { ResolvedToolServicesConfig } from './service-config.ts';
import { applyPolicyOptions, commonToolOptionsSchema, credentialField } from './tool-options.ts';

/** Input of `web_search`. */
export const webSearchInputSchema = z.object({
  query: z.string().trim().min(1).max(400).describe('What to search for, as a question or keywords'),
  max_results: z.number().int().min(1).max(20).optional().describe('How many results to return (default 5)'),
});

/** Parsed {@link webSearchInputSchema}. */
export type WebSearchInput = z.infer<typeof webSearchInputSchema>;

/** Agent options of `web_search`. */
export const webSearchOptionsSchema = commonToolOptionsSchema.extend({
  /** Tavily depth: `advanced` finds more and costs 2 credits. */
  search_depth: z.enum(['basic', 'advanced']).default('basic'),
  /** Results when the model asks for no number. */
  default_max_results: z.number().int().min(1).max(20).default(5),
  /** Tavily topic. */
  topic: z.enum(['general', 'news']).default('general'),
  /** Longest snippet per result, in characters. */
  max_snippet_chars: z.number().int().min(50).max(5_000).default(500),
});

/** Options of `web_search` as an agent stores them. */
export type WebSearchOptions = z.input<typeof webSearchOptionsSchema>;

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * `web_search` through Tavily (`POST {baseUrl}/search`, key as `Authorization: Bearer`, so a redirect
 * cannot replay it in a body): answers Tavily's short answer and the top results' title, URL and snippet.
 * Idempotent and cached (seed 004's default TTL); billed in Tavily credits.
 */
export function createWebSearchTool(
  services: ResolvedToolServicesConfig,
  rawOptions: WebSearchOptions = {},
): ProxyTool<WebSearchInput> {
  const options = webSearchOptionsSchema.parse(rawOptions);
  const { baseUrl, pricePerCreditUsd } = services.tavily;
  const base = defaultToolPolicies.web_search ?? { kind: 'business-api', sideEffects: false };
  return {
    name: 'web_search',
    description:
      'Search the web. Returns a short answer and the top results (title, URL, snippet). Use it for current ' +
      'facts, news, prices or anything you are not sure of; cite the URLs you rely on.',
    service: 'tavily',
    serviceLabel: 'Tavily',
    credentialName: options.credential_name,
    inputSchema: webSearchInputSchema,
    policy: applyPolicyOptions(base, options),
    critical: false,
    unitPriceUsd: pricePerCreditUsd,
    cacheVariant: { depth: options.search_depth, topic: options.topic, max: options.default_max_results },
    buildRequest(input, credential) {
      const key = credentialField(credential, 'tavily', ['api_key']);
      return {
        method: 'POST',
        url: `${baseUrl}/search`,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          query: input.query,
          max_results: input.max_results ?? options.default_max_results,
          search_depth: options.search_depth,
          topic: options.topic,
          include_answer: true,
        }),
      };
    },
    readReply(reply) {
      const body = asRecord(reply.json);
      if (!Array.isArray(body.results)) {
        return {
          ok: false,
          code: 'UPSTREAM_ERROR',
          message: 'Tavily answered without results. Try again later.',
        };
      }
      const results: JsonValue[] = body.results.map((item) => {
        const result = asRecord(item);
        return {
          title: text(result.title),
          url: text(result.url),
          snippet: trimText(text(result.content), options.max_snippet_chars),
        };
      });
      const answer = typeof body.answer === 'string' && body.answer.trim() !== '' ? body.answer : null;
      return {
        ok: true,
        result: { answer, results },
        units: options.search_depth === 'advanced' ? 2 : 1,
      };
    },
  };
}
