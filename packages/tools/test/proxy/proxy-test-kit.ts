import type { RecordedRequest } from '@renum/testing';
import { expect } from 'vitest';
import {
  type CredentialRequest,
  type CredentialResolver,
  createEgressClient,
  createToolCatalog,
  createToolProxy,
  type HostResolver,
  type ResilienceEvent,
  type ResolvedCredential,
  type ToolCallRecord,
  type ToolProxy,
  type ToolProxyOptions,
  type ToolServicesConfig,
} from '../../src/index.ts';
import { loopbackOnlyConnector } from '../support/local-server.ts';

/** Recognisable secrets: any leak shows up in a plain substring search. */
export const secrets = {
  tavily: 'tvly-SECRET-4c1d9e7f2a6b',
  tavilyOther: 'tvly-OTHER-0b8e2d4f6a1c',
  firecrawl: 'fc-SECRET-7e3a9b1c5d2f',
  whatsapp: 'EAAG-SECRET-9f2c4e6a8b1d',
  http: 'http-SECRET-5a7c9e1b3d2f',
  password: 'pw-SECRET-2d4f6a8c0e1b',
} as const;

/** The client, agent and run the proxy tests call tools for. */
export const scope = { clientId: 'client-a', agentId: 'agent-1', runId: 'run-1' };

/** A vault stand-in: credentials by client, service and optional name; counts look-ups. */
export function fakeCredentials(entries: Record<string, ResolvedCredential>): CredentialResolver & {
  readonly requests: CredentialRequest[];
} {
  const requests: CredentialRequest[] = [];
  return {
    requests,
    async resolve(request) {
      requests.push(request);
      const key = [request.clientId, request.service, request.credentialName].filter(Boolean).join(':');
      return entries[key] ?? null;
    },
  };
}

/** A resolver for names the tests invent; nothing goes to DNS. */
export function tableResolver(table: Record<string, readonly string[]>): HostResolver {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses;
  };
}

/** A proxy whose egress only ever dials 127.0.0.1 (allowlisted for the fakes), with fast retries. */
export function testProxy(
  options: Partial<ToolProxyOptions> & {
    credentials: CredentialResolver;
    services?: ToolServicesConfig;
    hosts?: Record<string, readonly string[]>;
  },
) {
  const { connector, dialled } = loopbackOnlyConnector();
  const resolver = tableResolver(options.hosts ?? {});
  const egress = createEgressClient({ allow: ['127.0.0.1'], connector, resolver });
  const records: ToolCallRecord[] = [];
  const events: ResilienceEvent[] = [];
  const proxy: ToolProxy = createToolProxy({
    resolver,
    policyFor: ({ tool }) => ({ ...tool.policy, backoff: { initialDelayMs: 5, maxDelayMs: 20 } }),
    resilience: { onEvent: (event) => events.push(event) },
    onCall: (record) => {
      records.push(record);
    },
    ...options,
    egress,
  });
  const catalog = createToolCatalog(options.services ?? {});
  return {
    proxy,
    catalog,
    records,
    events,
    dialled,
    close: async () => {
      await proxy.close();
      await egress.close();
    },
  };
}

/** Asserts `secret` appears in none of the given values (serialised as JSON). */
export function expectNoSecret(secret: string, ...values: unknown[]): void {
  for (const value of values) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    expect(text).not.toContain(secret);
  }
}

/**
 * Asserts the secret reached the service only in `header` (with `expected` as the whole value), and
 * nowhere else in the request: not in other headers, the path, the query or the body.
 */
export function expectSecretOnlyInHeader(
  request: RecordedRequest | undefined,
  secret: string,
  header: string,
  expected: string,
): void {
  expect(request).toBeDefined();
  if (!request) return;
  expect(request.headers[header]).toBe(expected);
  const otherHeaders = Object.entries(request.headers).filter(([name]) => name !== header);
  expectNoSecret(secret, otherHeaders, request.path, request.query, request.rawBody);
}
