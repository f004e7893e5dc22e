import type { CacheStore } from '../cache/cache-store.ts';
import { createMemoryCacheStore } from '../cache/memory-cache-store.ts';
import { createToolResultCache, type ToolResultCache } from '../cache/tool-result-cache.ts';
import { createEgressClient, type EgressClient, type EgressClientOptions } from '../egress/egress-client.ts';
import { type HostResolver, systemResolver } from '../egress/host-resolver.ts';
import { type ToolPolicy, unknownToolPolicy } from '../policy/tool-policy.ts';
import type { ResilienceKey, ResilienceListener } from '../resilience/resilience-events.ts';
import {
  createResilienceRegistry,
  type ResilienceRegistry,
  type ResilienceRegistryOptions,
} from '../resilience/resilience-registry.ts';
import type { CredentialResolver, ResolvedCredential } from './credential-resolver.ts';
import { describeFailure } from './describe-failure.ts';
import type { OutboundRequest, ProxyTool } from './proxy-tool.ts';
import { type CallOutcome, readOutcome } from './read-outcome.ts';
import { type CallState, type Settled, toolCallReport } from './report-tool-call.ts';
import { createSecretScrubber, type SecretScrubber } from './secret-scrubber.ts';
import { sendOutbound } from './send-outbound.ts';
import { ToolCallError } from './tool-call-error.ts';
import type { ToolCallRecord, ToolCallResult } from './tool-call-record.ts';
import { createToolPolicyTracker } from './tool-policy-tracker.ts';

/** Options of {@link createToolProxy}. */
export interface ToolProxyOptions {
  /** Reads the client's credential for a call (the vault). */
  credentials: CredentialResolver;
  /** The guarded outbound client, or options to build one the proxy owns and closes. */
  egress: EgressClient | EgressClientOptions;
  /** Resilience registry options (events, key limit, clock); policies come from the tools. */
  resilience?: Omit<ResilienceRegistryOptions, 'policyFor'>;
  /**
   * Result cache for idempotent tools, or false for none.
   * @defaultValue an in-memory store (64 MiB)
   */
  cache?: { readonly store?: CacheStore } | false;
  /** Clock for durations, in ms. @defaultValue `Date.now` */
  clock?: () => number;
  /**
   * Receives the record of each call that has no `report` of its own, for the ledger. When it returns a
   * promise the call answers once it settles (the record is then stored before the caller sees the
   * result, ADR 0075). Must not throw or reject: a failure to store is its to log and count.
   */
  onCall?: ToolCallReporter;
  /**
   * The policy of a client's tool, e.g. to apply per-client overrides.
   * @defaultValue the tool's own `policy`
   */
  policyFor?: (context: { readonly clientId: string; readonly tool: ProxyTool }) => ToolPolicy;
  /** Resolves names of URLs a service fetches for us (web_scrape targets). @defaultValue `systemResolver` */
  resolver?: HostResolver;
  /** Largest result handed to the model, in characters of JSON. @defaultValue `16000` */
  maxResultChars?: number;
  /** Largest response body read from a service, in bytes. @defaultValue `5242880` (5 MiB) */
  maxResponseBytes?: number;
  /** Redirects followed per attempt (each within the tool's allowed hosts). @defaultValue `5` */
  maxRedirects?: number;
}

/** One call through the proxy. */
export interface ToolProxyCall {
  readonly clientId: string;
  readonly agentId: string;
  /** The run the call belongs to; null for a call outside any run (an MCP client with an API key). */
  readonly runId: string | null;
  /** The tool, as built by the catalog for this agent. */
  readonly tool: ProxyTool;
  /** The model's (or external executor's) arguments; validated against the tool's schema. */
  readonly input: unknown;
  /** Aborts the call (run stopped). */
  readonly signal?: AbortSignal | undefined;
  /** Receives this call's resilience events (attempts, retries, timeouts, breaker). */
  readonly onEvent?: ResilienceListener | undefined;
  /**
   * Takes this call's ledger record instead of the proxy's `onCall`: a run executing in this process
   * hands it to its event writer, which stores it with the call's `tool_result` event (ADR 0075).
   */
  readonly report?: ToolCallReporter | undefined;
}

/** Takes a call's ledger record; a promise it returns is awaited before the call answers. Never rejects. */
export type ToolCallReporter = (record: ToolCallRecord) => void | Promise<void>;

/** The one path of every outbound tool call. */
export interface ToolProxy {
  /** Runs a tool call; never throws for the call's own failures, which come back as `ok: false`. */
  call(call: ToolProxyCall): Promise<ToolCallResult>;
  /** The egress client calls go through. */
  readonly egress: EgressClient;
  /** Per client × tool resilience state (breaker states, reset after a credential changes). */
  readonly resilience: ResilienceRegistry;
  /** The result cache (hit and miss counters, invalidation), when enabled. */
  readonly cache: ToolResultCache | undefined;
  /** Closes the egress client when the proxy built it. */
  close(): Promise<void>;
}

function isEgressClient(value: EgressClient | EgressClientOptions): value is EgressClient {
  return typeof (value as EgressClient).request === 'function';
}

function issuesText(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || 'input'}: ${issue.message}`)
    .join('; ');
}

const noScrub: SecretScrubber = createSecretScrubber([]);
const noCredential: ResolvedCredential = { credentialId: '', fields: {} };

/**
 * Creates the tool proxy: for each call it validates the input, runs the tool's checks, reads the
 * client's credential, builds the request with the credential where the service wants it, sends it
 * through the egress guard under the client × tool's timeout, retries, breaker and bulkhead, serves and
 * fills the cache for idempotent tools, shapes the answer for the model with every echo of the secret
 * scrubbed, and reports one {@link ToolCallRecord}.
 */
export function createToolProxy(options: ToolProxyOptions): ToolProxy {
  const clock = options.clock ?? Date.now;
  const ownsEgress = !isEgressClient(options.egress);
  const egress = isEgressClient(options.egress) ? options.egress : createEgressClient(options.egress);
  const resolver = options.resolver ?? systemResolver;
  const maxResultChars = options.maxResultChars ?? 16_000;
  const maxResponseBytes = options.maxResponseBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const policyFor = options.policyFor ?? ((context) => context.tool.policy);
  const policies = createToolPolicyTracker(options.resilience?.maxKeys ?? 10_000);
  const trackedPolicy = (key: ResilienceKey) => policies.get(key) ?? unknownToolPolicy;
  const resilience = createResilienceRegistry({
    now: clock,
    ...options.resilience,
    policyFor: trackedPolicy,
  });
  const cache =
    options.cache === false
      ? undefined
      : createToolResultCache({
          store: options.cache?.store ?? createMemoryCacheStore({ now: clock }),
          policyFor: (tool, clientId) => trackedPolicy({ clientId, tool }),
        });

  const resolveCredential = async (call: ToolProxyCall): Promise<ResolvedCredential> => {
    const { tool } = call;
    let credential: ResolvedCredential | null;
    try {
      credential = await options.credentials.resolve({
        clientId: call.clientId,
        agentId: call.agentId,
        service: tool.service,
        credentialName: tool.credentialName,
        runId: call.runId ?? undefined,
      });
    } catch {
      throw new ToolCallError(
        'CREDENTIAL_ERROR',
        `The ${tool.service} credential could not be read; try again later.`,
      );
    }
    if (!credential) {
      const named = tool.credentialName === undefined ? '' : ` named "${tool.credentialName}"`;
      throw new ToolCallError(
        'CREDENTIAL_MISSING',
        `no credential for ${tool.service}${named}; add one in Credentials`,
      );
    }
    return credential;
  };

  const loadWithResilience = (
    call: ToolProxyCall,
    input: unknown,
    request: OutboundRequest,
    state: CallState,
  ): (() => Promise<CallOutcome>) => {
    const { tool } = call;
    const key: ResilienceKey = { clientId: call.clientId, tool: tool.name };
    // A changed policy (the agent's options were edited) needs fresh breaker and bulkhead state.
    if (policies.use(key, policyFor({ clientId: call.clientId, tool }))) resilience.reset(key);
    return async () => {
      const { value: raw } = await resilience.execute(
        key,
        async ({ signal }) => {
          state.attempts++;
          const reply = await sendOutbound(egress, request, { signal, maxResponseBytes, maxRedirects });
          state.bytes += reply.bytes;
          return reply;
        },
        { signal: call.signal, onEvent: call.onEvent },
      );
      const scrubber = state.scrubber;
      return readOutcome({ tool, input, raw, scrubber, attempts: state.attempts, maxResultChars });
    };
  };

  const run = async (call: ToolProxyCall, state: CallState): Promise<Settled> => {
    const { tool } = call;
    const parsed = tool.inputSchema.safeParse(call.input);
    if (!parsed.success) {
      const issues = issuesText(parsed.error.issues);
      throw new ToolCallError('INVALID_INPUT', `Invalid arguments for ${tool.name}: ${issues}.`);
    }
    const input = parsed.data;
    await tool.preflight?.(input, { egress: egress.policy, resolver });
    const anonymous = tool.needsCredential === false;
    const credential = anonymous ? noCredential : await resolveCredential(call);
    state.credentialId = anonymous ? null : credential.credentialId;
    // Scrub with the fields already, in case building the request fails with a message naming one.
    state.scrubber = createSecretScrubber(Object.values(credential.fields));
    const request = tool.buildRequest(input, credential);
    state.scrubber = createSecretScrubber([
      ...Object.values(credential.fields),
      ...(request.derivedSecrets ?? []),
    ]);
    const load = loadWithResilience(call, input, request, state);
    if (!cache) return { outcome: await load(), cached: false };
    const args = { input, variant: tool.cacheVariant ?? null };
    return cache
      .getOrLoad({ clientId: call.clientId, tool: tool.name, args }, load, {
        cacheIf: (value) => value.ok,
      })
      .then((loaded) => ({ outcome: loaded.value, cached: loaded.cached }));
  };

  const call = async (call: ToolProxyCall): Promise<ToolCallResult> => {
    const started = clock();
    const state: CallState = { credentialId: null, scrubber: noScrub, attempts: 0, bytes: 0 };
    let settled: Settled;
    try {
      settled = await run(call, state);
    } catch (error) {
      const failure = describeFailure(error, { toolName: call.tool.name, signal: call.signal });
      const outcome: CallOutcome = {
        ok: false,
        code: failure.code,
        message: state.scrubber.text(failure.message),
      };
      settled = { outcome, cached: false };
    }
    const { record, result } = toolCallReport({
      call,
      state,
      settled,
      durationMs: Math.max(0, clock() - started),
    });
    const stored = (call.report ?? options.onCall)?.(record);
    if (stored) await stored;
    return result;
  };

  return {
    call,
    egress,
    resilience,
    cache,
    close: async () => {
      if (ownsEgress) await egress.close();
    },
  };
}
