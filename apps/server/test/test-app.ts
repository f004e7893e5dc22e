import { randomBytes } from 'node:crypto';
import type { Tracer } from '@opentelemetry/api';
import type { Config } from '@renum/config';
import type { PublicChatLimits } from '@renum/contracts';
import type { DatabaseHandle } from '@renum/db';
import {
  createEmbeddedJobQueue,
  createMemoryBroadcast,
  createMemoryEventBus,
  createMemoryRateLimiter,
  createPlatformAdmin,
  createRunManager,
  createSessionCache,
  type JobQueue,
  type KnowledgeDeps,
  knowledgeContextProviders,
  type PlatformDeps,
  type RunDeps,
  type RunManager,
} from '@renum/platform';
import { createBuiltinExecutor, createModelRegistry, type ModelRegistryOptions } from '@renum/runtime';
import type { TestDatabaseTarget } from '@renum/testing';
import { createLocalKeyProvider, createVault, generateKeyMaterial } from '@renum/vault';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/app.ts';
import { createKnowledgeDeps, knowledgeProgressPublisher } from '../src/knowledge-deps.ts';
import { traceOutboundHttp } from '../src/observability/dependency-spans.ts';
import type { ErrorReporter } from '../src/observability/error-reporting.ts';
import { jobMetricsHook } from '../src/observability/job-metrics.ts';
import { meterExecutor } from '../src/observability/metered-executor.ts';
import { createMetrics, type RenumMetrics } from '../src/observability/metrics.ts';
import { toolResilienceMetrics } from '../src/observability/tool-resilience-metrics.ts';
import { runTraceParent, traceStepWith } from '../src/observability/trace-parent.ts';
import { traceExecutor } from '../src/observability/traced-executor.ts';
import { broadcastConversationFeed } from '../src/realtime/conversation-feed.ts';
import { broadcastNotificationFeed } from '../src/realtime/notification-feed.ts';
import type { WsLimits } from '../src/realtime/ws-limits.ts';
import type { ScaleDeps } from '../src/scale-deps.ts';
import { createSunaDeps } from '../src/suna-deps.ts';
import { createToolDeps } from '../src/tool-deps.ts';
import { startRunWorker } from '../src/workers.ts';

/** A server built on a test database, driven through `inject()`. */
export interface TestApp {
  app: FastifyInstance;
  handle: DatabaseHandle;
  deps: PlatformDeps;
  run: RunDeps;
  manager: RunManager;
  /** The embedded job queue whose worker executes this app's runs (started). */
  jobs: JobQueue;
  /** The app's metrics when created with `metricsToken`. */
  metrics: RenumMetrics | null;
  /** Signs up a fresh client and returns its owner's session. */
  signup(overrides?: Partial<{ email: string; password: string; client_name: string }>): Promise<TestSession>;
  /** Creates a platform admin and logs them in. */
  platformAdmin(): Promise<TestSession>;
  /** Invites a fresh email to the inviter's client and signs it up through the invitation. */
  joinAs(inviterToken: string, role?: 'admin' | 'member'): Promise<TestSession>;
  request(options: {
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    url: string;
    token?: string | undefined;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
  /** Trades a refresh token for a new session (`POST /v1/auth/refresh`); the answer as the API gave it. */
  refresh(refreshToken: string): Promise<LightMyRequestResponse>;
  /** Creates an agent (201 expected) and returns it as the API answered. */
  createAgent(
    token: string,
    body: Record<string, unknown>,
  ): Promise<Record<string, unknown> & { id: string }>;
  /** Opens a conversation with an agent (201 expected) and returns its id. */
  openConversation(token: string, agentId: string, body?: Record<string, unknown>): Promise<string>;
  /** Signs up a fresh client, creates an agent from `agent` and opens a conversation with it. */
  startConversation(
    agent: Record<string, unknown>,
  ): Promise<{ owner: TestSession; agentId: string; conversationId: string }>;
  /** Sends a message, as SSE unless `stream` is false. */
  ask(
    token: string,
    conversationId: string,
    content: string,
    options?: { stream?: boolean },
  ): Promise<LightMyRequestResponse>;
  /** Creates a team from a workflow definition (201 expected) and returns it as the API answered. */
  createTeam(
    token: string,
    workflowDefinition: Record<string, unknown>,
    name?: string,
  ): Promise<Record<string, unknown> & { id: string }>;
  /** Starts an execution of a team (202 expected) and returns its id. */
  startExecution(token: string, teamId: string, initialPrompt: string): Promise<string>;
  /** Follows an execution's event stream to its end; answers the stream's body and the execution. */
  finishExecution(
    token: string,
    executionId: string,
  ): Promise<{ stream: string; execution: Record<string, unknown> & { status: string } }>;
  close(): Promise<void>;
}

/** A logged-in person. */
export interface TestSession {
  accessToken: string;
  refreshToken: string;
  clientId: string;
  userId: string;
  email: string;
  password: string;
}

/** Test settings: a random signing key and generous rate limits unless a test asks otherwise. */
export function testDeps(
  db: DatabaseHandle['db'],
  overrides: Partial<PlatformDeps['auth']> = {},
): PlatformDeps {
  return {
    db,
    auth: {
      jwtSecret: new TextEncoder().encode(randomBytes(32).toString('hex')),
      issuer: 'renum',
      audience: 'renum-api',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 3600,
      loginMaxPerEmail: 1000,
      loginMaxPerIp: 1000,
      loginWindowSeconds: 60,
      ...overrides,
    },
    rateLimiter: createMemoryRateLimiter(),
    sessionCache: createSessionCache(),
    vault: createVault({
      provider: createLocalKeyProvider({ keys: { '1': generateKeyMaterial() }, currentVersion: 1 }),
    }),
    defaultModel: 'offline/renum',
    publicUrl: 'http://localhost:3000',
    clock: () => new Date(),
    newId: uuidv7,
  };
}

/** Run dependencies on the given models (the offline one when none is configured). */
export function testRuntime(
  deps: PlatformDeps,
  models: ModelRegistryOptions = {},
  historyTokenBudget = 4000,
  tools?: Pick<Config, 'tools'>['tools'],
  metrics?: RenumMetrics,
): { run: RunDeps; manager: RunManager; jobs: JobQueue; knowledge: KnowledgeDeps } {
  const registry = createModelRegistry(models);
  const jobs = createEmbeddedJobQueue({
    db: deps.db,
    logger: pino({ level: 'error' }),
    clock: deps.clock,
    newId: deps.newId,
    processId: 'test',
    pollMs: 200,
    ...(metrics ? { onEvent: jobMetricsHook(metrics) } : {}),
  });
  const executor = createBuiltinExecutor({ registry });
  const knowledge = createKnowledgeDeps({
    jobs,
    config: { tools: tools ?? loopbackTools() },
    deps,
    models: registry,
  });
  const run: RunDeps = {
    bus: createMemoryEventBus(),
    jobs,
    executor: metrics ? meterExecutor(executor, metrics) : executor,
    models: registry,
    processId: 'test',
    leaseMs: 30_000,
    historyTokenBudget,
    contextProviders: knowledgeContextProviders({
      db: deps.db,
      newId: deps.newId,
      embedder: knowledge.embedder,
      reranker: knowledge.reranker,
      logger: deps.logger,
      failures: deps.failures,
    }),
    ...(tools
      ? {
          tools: createToolDeps({
            deps,
            config: { tools },
            ...(metrics ? { onResilienceEvent: toolResilienceMetrics(metrics) } : {}),
          }),
        }
      : {}),
  };
  return { run, manager: createRunManager({ deps, run }), jobs, knowledge };
}

/** Tool settings whose egress reaches only 127.0.0.1 (the fakes): Tavily at `tavilyUrl` when given, no other service. */
export function loopbackTools(tavilyUrl?: string): Config['tools'] {
  return { egressAllow: ['127.0.0.1'], tavilyUrl, firecrawlUrl: undefined, whatsappUrl: undefined };
}

/** Opens a migrated database on `target` and builds the app on it. */
export async function createTestApp(
  target: TestDatabaseTarget,
  options: {
    auth?: Partial<PlatformDeps['auth']>;
    bodyLimitBytes?: number;
    models?: ModelRegistryOptions;
    historyTokenBudget?: number;
    tools?: Pick<Config, 'tools'>['tools'];
    /** The platform's clock (tokens, caches, rows). @defaultValue the real time */
    clock?: () => Date;
    /** Run the `run.execute` worker in this app (false: an `api` process). @defaultValue true */
    worker?: boolean;
    /** Limits of anonymous chat with public agents. @defaultValue the server's */
    publicChatLimits?: PublicChatLimits;
    /** Limits of `/ws` connections. @defaultValue the server's */
    wsLimits?: Partial<WsLimits>;
    /**
     * Shared state of a deployment (from `openScaleDeps` on Redis), in place of this app's memory adapters.
     * @defaultValue in memory
     */
    scale?: Pick<ScaleDeps, 'bus' | 'broadcast' | 'rateLimiter'> &
      Partial<Pick<ScaleDeps, 'teamContextCache'>>;
    /** Suna (a fake's URL and keys): agents may then choose the `suna` executor. */
    suna?: Config['suna'];
    /** The Docker Engine API of the `docker` instance provider (a fake's socket). @defaultValue none */
    docker?: Config['docker'];
    /** The URL of a client's Suna container from its name (points the `docker` provider at a fake Suna). */
    dockerUrlOf?: (name: string) => string;
    /** Records Prometheus metrics and serves them at `/metrics` for this Bearer token. @defaultValue none */
    metricsToken?: string;
    /** Traces requests and runs (tests pass a tracer on an in-memory exporter). @defaultValue none */
    tracer?: Tracer;
    /** Reports unexpected request errors (a Sentry reporter on a fake's DSN). @defaultValue none */
    errorReporter?: ErrorReporter;
  } = {},
): Promise<TestApp> {
  const handle = await target.open();
  const deps = testDeps(handle.db, options.auth);
  if (options.clock) deps.clock = options.clock;
  const metrics = options.metricsToken ? createMetrics() : null;
  const { run, manager, jobs, knowledge } = testRuntime(
    deps,
    options.models,
    options.historyTokenBudget,
    options.tools,
    metrics ?? undefined,
  );
  run.localWorker = options.worker ?? true;
  let stopOutboundTracing: (() => void) | undefined;
  if (options.tracer) {
    run.executor = traceExecutor(run.executor, options.tracer);
    deps.traceParent = runTraceParent(options.tracer);
    deps.traceStep = traceStepWith(options.tracer);
    stopOutboundTracing = traceOutboundHttp(options.tracer);
  }
  if (options.scale) {
    run.bus = options.scale.bus;
    deps.rateLimiter = options.scale.rateLimiter;
    run.teamContext = options.scale.teamContextCache;
  }
  // One broadcast for the WebSocket hub and the ingestion's progress frames (shared across apps when given).
  const broadcast = options.scale?.broadcast ?? createMemoryBroadcast();
  deps.notifications = broadcastNotificationFeed(broadcast);
  deps.conversationFeed = broadcastConversationFeed(broadcast);
  knowledge.onProgress = knowledgeProgressPublisher(broadcast, (error) =>
    process.emitWarning(`knowledge progress not published: ${String(error)}`),
  );
  const suna = createSunaDeps({
    config: { suna: options.suna, docker: options.docker },
    deps,
    ...(options.dockerUrlOf ? { dockerUrlOf: options.dockerUrlOf } : {}),
  });
  run.executors = { suna: metrics ? meterExecutor(suna.executor, metrics) : suna.executor };
  await startRunWorker({
    jobs,
    manager,
    concurrency: 8,
    execute: run.localWorker,
    platform: { deps, run },
    knowledge: { deps, knowledge },
  });
  const app = await buildApp({
    config: {
      http: {
        corsOrigins: [],
        bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
        publicUrl: deps.publicUrl,
      },
    },
    deps,
    handle,
    run,
    manager,
    knowledge,
    logger: false,
    ...(options.wsLimits ? { wsLimits: options.wsLimits } : {}),
    publicChatLimits: options.publicChatLimits,
    broadcast,
    ...(metrics || options.tracer || options.errorReporter
      ? {
          observability: {
            ...(metrics ? { metrics } : {}),
            metricsToken: options.metricsToken,
            ...(options.tracer ? { tracer: options.tracer } : {}),
            ...(options.errorReporter ? { errorReporter: options.errorReporter } : {}),
          },
        }
      : {}),
  });
  const request: TestApp['request'] = ({ method, url, token, body, headers }) =>
    app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const sessionOf = (response: LightMyRequestResponse, email: string, password: string): TestSession => {
    if (response.statusCode >= 300)
      throw new Error(`session failed: ${response.statusCode} ${response.body}`);
    const body = response.json();
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      clientId: body.client?.id ?? null,
      userId: body.user.id,
      email,
      password,
    };
  };
  const testApp: TestApp = {
    app,
    handle,
    deps,
    run,
    manager,
    jobs,
    metrics,
    request,
    async signup(overrides = {}) {
      const email = overrides.email ?? `owner-${randomBytes(6).toString('hex')}@example.com`;
      const password = overrides.password ?? `pw-${randomBytes(8).toString('hex')}`;
      const response = await request({
        method: 'POST',
        url: '/v1/auth/signup',
        body: {
          email,
          password,
          name: 'Owner',
          client_name: overrides.client_name ?? `Company ${randomBytes(3).toString('hex')}`,
        },
      });
      return sessionOf(response, email, password);
    },
    async platformAdmin() {
      const email = `admin-${randomBytes(6).toString('hex')}@example.com`;
      const password = `admin-${randomBytes(8).toString('hex')}`;
      await createPlatformAdmin(deps, { email, name: 'Admin', password });
      return sessionOf(
        await request({ method: 'POST', url: '/v1/auth/login', body: { email, password } }),
        email,
        password,
      );
    },
    async joinAs(inviterToken, role = 'member') {
      const email = `member-${randomBytes(6).toString('hex')}@example.com`;
      const password = `pw-${randomBytes(8).toString('hex')}`;
      const invited = await request({
        method: 'POST',
        url: '/v1/invitations',
        token: inviterToken,
        body: { email, role },
      });
      if (invited.statusCode !== 201) throw new Error(`not invited: ${invited.statusCode} ${invited.body}`);
      const response = await request({
        method: 'POST',
        url: '/v1/auth/signup',
        body: { email, password, name: 'Member', invitation_token: invited.json().token },
      });
      return sessionOf(response, email, password);
    },
    refresh(refreshToken) {
      return request({ method: 'POST', url: '/v1/auth/refresh', body: { refresh_token: refreshToken } });
    },
    async createAgent(token, body) {
      return expectStatus(
        await request({ method: 'POST', url: '/v1/agents', token, body }),
        201,
        'agent not created',
      );
    },
    async openConversation(token, agentId, body) {
      const response = await request({
        method: 'POST',
        url: `/v1/agents/${agentId}/conversations`,
        token,
        body,
      });
      return expectStatus(response, 201, 'conversation not opened').id as string;
    },
    async startConversation(agent) {
      const owner = await testApp.signup();
      const agentId = (await testApp.createAgent(owner.accessToken, agent)).id;
      return { owner, agentId, conversationId: await testApp.openConversation(owner.accessToken, agentId) };
    },
    async createTeam(token, workflowDefinition, name = 'Equipe') {
      const response = await request({
        method: 'POST',
        url: '/v1/teams',
        token,
        body: { name, workflow_definition: workflowDefinition },
      });
      return expectStatus(response, 201, 'team not created');
    },
    async startExecution(token, teamId, initialPrompt) {
      const response = await request({
        method: 'POST',
        url: `/v1/teams/${teamId}/executions`,
        token,
        body: { initial_prompt: initialPrompt },
      });
      return expectStatus(response, 202, 'execution not started').execution_id as string;
    },
    async finishExecution(token, executionId) {
      const stream = await request({
        method: 'GET',
        url: `/v1/team-executions/${executionId}/events`,
        token,
      });
      const execution = await request({ method: 'GET', url: `/v1/team-executions/${executionId}`, token });
      return { stream: stream.body, execution: execution.json() };
    },
    ask(token, conversationId, content, options = {}) {
      return request({
        method: 'POST',
        url: `/v1/conversations/${conversationId}/messages`,
        token,
        body: { content },
        headers: options.stream === false ? {} : { accept: 'text/event-stream' },
      });
    },
    async close() {
      stopOutboundTracing?.();
      await app.close();
      await jobs.stop({ graceMs: 5000 });
      await manager.drain();
      manager.close();
      await handle.close();
    },
  };
  return testApp;
}

/** The response's JSON when it has `status`; else throws `what`, with the status and body it had. */
function expectStatus(
  response: { statusCode: number; body: string; json(): unknown },
  status: number,
  what: string,
  // biome-ignore lint/suspicious/noExplicitAny: the callers' helpers type what they read of it
): any {
  if (response.statusCode !== status) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return response.json();
}
