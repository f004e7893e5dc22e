/** Where Tavily is reached and what one credit costs. */
export interface TavilyServiceConfig {
  /** @defaultValue `'https://api.tavily.com'` */
  readonly baseUrl?: string;
  /** USD per API credit (a basic search is 1 credit, an advanced one 2). @defaultValue `0.008` (pay as you go) */
  readonly pricePerCreditUsd?: number;
}

/** Where Firecrawl is reached and what one credit costs. */
export interface FirecrawlServiceConfig {
  /** @defaultValue `'https://api.firecrawl.dev'` */
  readonly baseUrl?: string;
  /** USD per credit (one scraped page is 1 credit). @defaultValue `0.00083` (Standard plan, 100 000 credits for $83) */
  readonly pricePerCreditUsd?: number;
}

/** Where the WhatsApp Cloud API (Graph API) is reached. */
export interface WhatsAppServiceConfig {
  /** @defaultValue `'https://graph.facebook.com'` */
  readonly baseUrl?: string;
  /** Graph API version, with or without the leading `v`. @defaultValue `'v21.0'` */
  readonly apiVersion?: string;
  /**
   * USD per message sent; Meta prices by category and country, so set the figure that fits the clients.
   * @defaultValue `0`
   */
  readonly pricePerMessageUsd?: number;
}

/** Per-service settings of the catalog; tests point base URLs at local fakes. */
export interface ToolServicesConfig {
  readonly tavily?: TavilyServiceConfig;
  readonly firecrawl?: FirecrawlServiceConfig;
  readonly whatsapp?: WhatsAppServiceConfig;
}

/** {@link ToolServicesConfig} with every default filled in and base URLs without a trailing slash. */
export interface ResolvedToolServicesConfig {
  readonly tavily: { readonly baseUrl: string; readonly pricePerCreditUsd: number };
  readonly firecrawl: { readonly baseUrl: string; readonly pricePerCreditUsd: number };
  readonly whatsapp: {
    readonly baseUrl: string;
    readonly apiVersion: string;
    readonly pricePerMessageUsd: number;
  };
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/** Fills in the real public URLs and default prices. */
export function resolveToolServicesConfig(config: ToolServicesConfig = {}): ResolvedToolServicesConfig {
  const version = config.whatsapp?.apiVersion ?? 'v21.0';
  return {
    tavily: {
      baseUrl: withoutTrailingSlash(config.tavily?.baseUrl ?? 'https://api.tavily.com'),
      pricePerCreditUsd: config.tavily?.pricePerCreditUsd ?? 0.008,
    },
    firecrawl: {
      baseUrl: withoutTrailingSlash(config.firecrawl?.baseUrl ?? 'https://api.firecrawl.dev'),
      pricePerCreditUsd: config.firecrawl?.pricePerCreditUsd ?? 0.00083,
    },
    whatsapp: {
      baseUrl: withoutTrailingSlash(config.whatsapp?.baseUrl ?? 'https://graph.facebook.com'),
      apiVersion: version.startsWith('v') ? version : `v${version}`,
      pricePerMessageUsd: config.whatsapp?.pricePerMessageUsd ?? 0,
    },
  };
}
