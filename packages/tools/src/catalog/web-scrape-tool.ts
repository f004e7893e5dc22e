import { z } from 'zod';
import { defaultToolPolicies } from '../policy/tool-policy.ts';
import { checkPublicTarget } from '../proxy/check-public-target.ts';
import type { ProxyTool } from '../proxy/proxy-tool.ts';
import { trimText } from '../proxy/trim-for-model.ts';
import type { ResolvedToolServicesConfig } from './service-config.ts';
import { applyPolicyOptions, commonToolOptionsSchema, credentialField } from './tool-options.ts';

/** Input of `web_scrape`. */
export const webScrapeInputSchema = z.object({
  url: z.string().trim().min(1).max(2_048).describe('Full http(s) URL of the page to read'),
});

/** Parsed {@link webScrapeInputSchema}. */
export type WebScrapeInput = z.infer<typeof webScrapeInputSchema>;

/** Agent options of `web_scrape`. */
export const webScrapeOptionsSchema = commonToolOptionsSchema.extend({
  /** Longest Markdown handed to the model, in characters. */
  max_chars: z.number().int().min(500).max(100_000).default(12_000),
  /** Ask Firecrawl to drop navigation, headers and footers. */
  only_main_content: z.boolean().default(true),
});

/** Options of `web_scrape` as an agent stores them. */
export type WebScrapeOptions = z.input<typeof webScrapeOptionsSchema>;

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * `web_scrape` through Firecrawl (`POST {baseUrl}/v1/scrape` with Bearer): answers the page's title and
 * Markdown, trimmed. Firecrawl fetches the page, not us, but the target must still pass the egress guard
 * (public address, http(s), no credentials in the URL), so a client cannot aim it at private networks.
 * Idempotent and cached (seed 004's detail TTL); one Firecrawl credit per page.
 */
export function createWebScrapeTool(
  services: ResolvedToolServicesConfig,
  rawOptions: WebScrapeOptions = {},
): ProxyTool<WebScrapeInput> {
  const options = webScrapeOptionsSchema.parse(rawOptions);
  const { baseUrl, pricePerCreditUsd } = services.firecrawl;
  const base = defaultToolPolicies.web_scrape ?? { kind: 'business-api', sideEffects: false };
  return {
    name: 'web_scrape',
    description:
      'Read one web page and get its title and content as Markdown (long pages are cut). Use it on a URL ' +
      'the user gave or one found with web_search.',
    service: 'firecrawl',
    serviceLabel: 'Firecrawl',
    credentialName: options.credential_name,
    inputSchema: webScrapeInputSchema,
    policy: applyPolicyOptions(base, options),
    critical: false,
    unitPriceUsd: pricePerCreditUsd,
    cacheVariant: { max: options.max_chars, main: options.only_main_content },
    async preflight(input, context) {
      await checkPublicTarget(input.url, context);
    },
    buildRequest(input, credential) {
      const key = credentialField(credential, 'firecrawl', ['api_key']);
      return {
        method: 'POST',
        url: `${baseUrl}/v1/scrape`,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          url: input.url,
          formats: ['markdown'],
          onlyMainContent: options.only_main_content,
        }),
      };
    },
    readReply(reply, input) {
      const body = asRecord(reply.json);
      const data = asRecord(body.data);
      if (body.success !== true || typeof data.markdown !== 'string') {
        const said = typeof body.error === 'string' ? `: ${trimText(body.error, 300)}` : '';
        return {
          ok: false,
          code: 'UPSTREAM_ERROR',
          message: `Firecrawl could not scrape ${input.url}${said}.`,
        };
      }
      const metadata = asRecord(data.metadata);
      const status = typeof metadata.statusCode === 'number' ? metadata.statusCode : null;
      return {
        ok: true,
        result: {
          url: typeof metadata.sourceURL === 'string' ? metadata.sourceURL : input.url,
          title: typeof metadata.title === 'string' ? metadata.title : null,
          status_code: status,
          markdown: trimText(data.markdown, options.max_chars),
          truncated: data.markdown.length > options.max_chars,
        },
        units: 1,
      };
    },
  };
}
