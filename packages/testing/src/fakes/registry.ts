import { startFakeAnthropic } from './anthropic.ts';
import { startFakeFirecrawl } from './firecrawl.ts';
import { startFakeHttpApi } from './http-api.ts';
import { startFakeOpenAI } from './openai.ts';
import { startFakeSuna } from './suna.ts';
import { startFakeTavily } from './tavily.ts';
import type { FakeServer } from './types.ts';
import { startFakeWhatsApp } from './whatsapp.ts';

/** Names of the fakes {@link startFakeByName} can start. */
export const FAKE_NAMES = [
  'openai',
  'anthropic',
  'tavily',
  'firecrawl',
  'whatsapp',
  'suna',
  'http-api',
] as const;

/** One of {@link FAKE_NAMES}. */
export type FakeName = (typeof FAKE_NAMES)[number];

/** Options understood by every fake when started by name (e.g. from the CLI). */
export interface GenericFakeOptions {
  /** Port (default 0 = random). */
  port?: number;
  /** Required API key / token, if any. */
  apiKey?: string;
  /** Delay before the first byte of model / agent answers, or latency of tool APIs (default 0). */
  thinkTimeMs?: number;
  /** Delay between stream events (default 0). */
  chunkDelayMs?: number;
  /** Forces every delay to 0, whatever else is set (benchmark mode). */
  zeroThinkTime?: boolean;
  /** Keep only the latest N recorded requests (default: all). */
  maxRecordedRequests?: number;
  /** Idle keep-alive timeout of connections, in ms (default 1000). */
  keepAliveMs?: number;
}

/** Tells whether a string names a fake. */
export function isFakeName(name: string): name is FakeName {
  return (FAKE_NAMES as readonly string[]).includes(name);
}

/** Starts a fake by name with options every fake understands. */
export async function startFakeByName(name: FakeName, options: GenericFakeOptions = {}): Promise<FakeServer> {
  const zero = options.zeroThinkTime === true;
  const thinkTimeMs = zero ? 0 : (options.thinkTimeMs ?? 0);
  const chunkDelayMs = zero ? 0 : (options.chunkDelayMs ?? 0);
  const base = {
    port: options.port,
    apiKey: options.apiKey,
    maxRecordedRequests: options.maxRecordedRequests,
    keepAliveMs: options.keepAliveMs,
  };
  switch (name) {
    case 'openai':
      return startFakeOpenAI({ ...base, thinkTimeMs, chunkDelayMs });
    case 'anthropic':
      return startFakeAnthropic({ ...base, thinkTimeMs, chunkDelayMs });
    case 'tavily':
      return startFakeTavily({ ...base, latencyMs: thinkTimeMs });
    case 'firecrawl':
      return startFakeFirecrawl({ ...base, latencyMs: thinkTimeMs });
    case 'whatsapp':
      return startFakeWhatsApp(base);
    case 'suna':
      return startFakeSuna({ ...base, thinkTimeMs, eventDelayMs: chunkDelayMs, searchOnRequest: true });
    case 'http-api':
      return startFakeHttpApi(base);
  }
}
