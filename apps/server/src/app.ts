import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import websocket from '@fastify/websocket';
import type { Tracer } from '@opentelemetry/api';
import type { Config } from '@renum/config';
import { type PublicChatLimits, wsCloseCodes } from '@renum/contracts';
import type { DatabaseHandle } from '@renum/db';
import {
  type Broadcast,
  createMemoryBroadcast,
  type KnowledgeDeps,
  type PlatformDeps,
  type RunDeps,
  type RunManager,
  readQueueDepths,
} from '@renum/platform';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { ErrorReporter } from './observability/error-reporting.ts';
import { registerHttpMetrics } from './observability/http-metrics.ts';
import { registerHttpTracing } from './observability/http-tracing.ts';
import type { RenumMetrics } from './observability/metrics.ts';
import { registerStateGauges } from './observability/state-gauges.ts';
import { guardAdminRoutes } from './plugins/admin-guard.ts';
import { requireAuthentication } from './plugins/authentication.ts';
import { registerErrorHandler } from './plugins/error-handler.ts';
import { answerClientError, answerFrameworkError, registerHttpErrors } from './plugins/http-errors.ts';
import { registerJsonBody } from './plugins/json-body.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerRouteTable } from './plugins/route-table.ts';
import { createSseStreams } from './plugins/sse-streams.ts';
import { registerTextBoundary } from './plugins/text-boundary.ts';
import { registerWebApp } from './plugins/web-app.ts';
import { createWsHub, type WsHub } from './realtime/ws-hub.ts';
import { defaultWsLimits, type WsLimits } from './realtime/ws-limits.ts';
import { adminConsoleRoutes } from './routes/admin-console-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { agentChatRoutes } from './routes/agent-chat-routes.ts';
import { agentRoutes } from './routes/agent-routes.ts';
import { approvalRoutes } from './routes/approval-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { backupRoutes } from './routes/backup-routes.ts';
import { contactRoutes } from './routes/contact-routes.ts';
import { conversationRoutes } from './routes/conversation-routes.ts';
import { credentialRoutes } from './routes/credential-routes.ts';
import { dashboardRoutes } from './routes/dashboard-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { identityRoutes } from './routes/identity-routes.ts';
import { invitationPreviewRoutes, invitationRoutes } from './routes/invitation-routes.ts';
import { knowledgeRoutes, knowledgeUseRoutes } from './routes/knowledge-routes.ts';
import { limitsRoutes } from './routes/limits-routes.ts';
import { mcpRoutes } from './routes/mcp-routes.ts';
import { metricsRoutes } from './routes/metrics-routes.ts';
import { modelRoutes } from './routes/model-routes.ts';
import { notificationRoutes } from './routes/notification-routes.ts';
import { planRoutes } from './routes/plan-routes.ts';
import { platformSettingsRoutes } from './routes/platform-settings-routes.ts';
import { promptTemplateRoutes } from './routes/prompt-template-routes.ts';
import { publicChatRoutes } from './routes/public-chat-routes.ts';
import { publicPageRoutes } from './routes/public-page-routes.ts';
import type { RouteContext } from './routes/route-context.ts';
import { runRoutes } from './routes/run-routes.ts';
import { scheduleRoutes } from './routes/schedule-routes.ts';
import { teamRoutes } from './routes/team-routes.ts';
import { toolProxyRoutes } from './routes/tool-proxy-routes.ts';
import { toolRoutes } from './routes/tool-routes.ts';
import { usageRoutes } from './routes/usage-routes.ts';
import { globalAgentRoutes, viewAsRoutes } from './routes/view-as-routes.ts';
import { whatsAppRoutes, whatsAppWebhookRoutes } from './routes/whatsapp-routes.ts';
import { wizardRoutes } from './routes/wizard-routes.ts';
import { wsRoutes, wsTicketRoutes } from './routes/ws-routes.ts';

/** What {@link buildApp} needs; the process entry point and the tests each build their own. */
export interface AppOptions {
  config: Pick<Config, 'http'>;
  deps: PlatformDeps;
  handle: DatabaseHandle;
  run: RunDeps;
  manager: RunManager;
  /** Knowledge bases (issue 10). @defaultValue the run's job queue, no URL fetching */
  knowledge?: KnowledgeDeps;
  logger: Logger | false;
  /** The built web builder to serve at `/` (see `findWebRoot`); none: `/` redirects to the API docs. */
  webRoot?: string | null;
  /** What `/ready` checks besides the database. @defaultValue role `all`, no Redis */
  readiness?: RouteContext['readiness'];
  /**
   * Where WebSocket typing, presence and read receipts travel between processes.
   * @defaultValue one process (in memory)
   */
  broadcast?: Broadcast;
  /** Limits of each `/ws` connection. @defaultValue {@link defaultWsLimits} */
  wsLimits?: Partial<WsLimits>;
  /** Prometheus metrics and tracing (issue 16): none, no hooks and no `/metrics`. @defaultValue none */
  observability?: AppObservability;
  /** Limits of anonymous chat on public agents' pages. @defaultValue `defaultPublicChatLimits` */
  publicChatLimits?: PublicChatLimits | undefined;
}

/** The metrics an app records and serves. */
export interface AppObservability {
  /** Recorded by hooks and served at `/metrics`; none: neither. */
  metrics?: RenumMetrics;
  /** `GET /metrics` requires it as a Bearer token; unset: the route does not exist (404). */
  metricsToken: string | undefined;
  /**
   * Traces every request (its span is active in the handler); the run executors are traced by the
   * caller (`traceExecutor`). @defaultValue none
   */
  tracer?: Tracer;
  /** Reports unexpected request errors (Sentry, when `SENTRY_DSN` is set). @defaultValue none */
  errorReporter?: ErrorReporter | undefined;
  /** Failure counts kept outside the logger port (the scale adapters'), by kind. @defaultValue none */
  failures?: () => Record<string, number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The WebSocket connections of this process (`GET /ws`). */
    wsHub: WsHub;
  }
}

const requestIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the HTTP application without listening, so tests drive it through `inject()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger || undefined,
    logger: options.logger ? undefined : false,
    bodyLimit: options.config.http.bodyLimitBytes,
    trustProxy: options.config.http.trustProxy ?? false,
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    },
    forceCloseConnections: 'idle',
    // The answers below replace Node's and Fastify's own, which lack the `{ error, code }` shape.
    return503OnClosing: false,
    http: { requireHostHeader: false },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerRouteTable(app);
  app.decorateRequest('principal', null);
  app.decorate('sseStreams', createSseStreams());
  registerJsonBody(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandler(app, {
    bodyLimitBytes: options.config.http.bodyLimitBytes,
    reporter: options.observability?.errorReporter,
  });
  registerHttpErrors(app);
  registerTextBoundary(app);

  await app.register(helmet, { global: true });
  await app.register(cors, {
    origin: options.config.http.corsOrigins.length > 0 ? options.config.http.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
  await registerOpenApi(app);
  const wsLimits = {
    ...defaultWsLimits,
    ...(options.config.http.wsFramesPerWindow
      ? { framesPerWindow: options.config.http.wsFramesPerWindow }
      : {}),
    ...options.wsLimits,
  };
  const hub = createWsHub({
    broadcast: options.broadcast ?? createMemoryBroadcast(),
    // Unique per app, even where two share a process id (tests): presence is counted per hub.
    process: `${options.run.processId}/${randomUUID()}`,
    onError: (error) => app.log.error({ err: error }, 'ws: broadcast failed'),
  });
  app.decorate('wsHub', hub);
  app.addHook('onClose', async () => hub.close());
  await app.register(websocket, {
    options: { maxPayload: wsLimits.maxFrameBytes },
    preClose(done) {
      for (const client of app.websocketServer.clients)
        client.close(wsCloseCodes.goingAway, 'Server stopping');
      done();
    },
  });

  if (options.observability) await registerObservability(app, options, hub);

  const context: RouteContext = { deps: options.deps, handle: options.handle, readiness: options.readiness };
  await app.register(healthRoutes, context);
  await registerWebApp(app, { root: options.webRoot ?? null });
  await app.register(authRoutes, context);
  await app.register(invitationPreviewRoutes, context);
  await app.register(publicChatRoutes, {
    ...context,
    run: options.run,
    manager: options.manager,
    limits: options.publicChatLimits,
  });
  await app.register(publicPageRoutes, context);
  await app.register(toolProxyRoutes, { ...context, run: options.run });
  await app.register(whatsAppWebhookRoutes, { ...context, run: options.run });
  await app.register(mcpRoutes, { ...context, run: options.run });
  await app.register(wsRoutes, {
    deps: options.deps,
    run: options.run,
    manager: options.manager,
    hub,
    limits: wsLimits,
    allowedOrigins: options.config.http.corsOrigins,
    publicUrl: options.config.http.publicUrl,
  });
  await app.register(async (scope) => {
    requireAuthentication(scope, { deps: context.deps });
    guardAdminRoutes(scope);
    await scope.register(identityRoutes, context);
    await scope.register(invitationRoutes, context);
    await scope.register(agentRoutes, context);
    await scope.register(wizardRoutes, context);
    await scope.register(agentChatRoutes, { ...context, run: options.run, manager: options.manager });
    await scope.register(modelRoutes, { ...context, run: options.run });
    await scope.register(promptTemplateRoutes, context);
    await scope.register(conversationRoutes, { ...context, run: options.run, manager: options.manager });
    await scope.register(usageRoutes, context);
    await scope.register(dashboardRoutes, context);
    await scope.register(toolRoutes, { ...context, run: options.run });
    await scope.register(limitsRoutes, context);
    await scope.register(planRoutes, context);
    await scope.register(notificationRoutes, context);
    await scope.register(credentialRoutes, context);
    await scope.register(whatsAppRoutes, context);
    await scope.register(contactRoutes, context);
    await scope.register(runRoutes, { ...context, run: options.run, manager: options.manager });
    await scope.register(scheduleRoutes, { ...context, run: options.run });
    await scope.register(teamRoutes, { ...context, run: options.run, manager: options.manager });
    await scope.register(approvalRoutes, { ...context, run: options.run });
    await scope.register(adminRoutes, context);
    await scope.register(adminConsoleRoutes, { ...context, metrics: options.observability?.metrics });
    await scope.register(platformSettingsRoutes, { ...context, run: options.run });
    await scope.register(backupRoutes, context);
    await scope.register(viewAsRoutes, context);
    await scope.register(globalAgentRoutes, context);
    await scope.register(wsTicketRoutes, context);
    await scope.register(knowledgeRoutes, {
      ...context,
      knowledge: options.knowledge ?? { jobs: options.run.jobs },
    });
    await scope.register(knowledgeUseRoutes, context);
  });
  return app;
}

async function registerObservability(app: FastifyInstance, options: AppOptions, hub: WsHub) {
  const observability = options.observability;
  if (!observability) return;
  if (observability.tracer) registerHttpTracing(app, observability.tracer);
  const { metrics } = observability;
  if (!metrics) return;
  const { deps, handle } = options;
  registerHttpMetrics(app, metrics);
  registerStateGauges(metrics, {
    queueDepths: () => readQueueDepths({ db: deps.db, now: deps.clock() }),
    failures: () => ({ ...deps.failures?.snapshot(), ...observability.failures?.() }),
    wsConnections: () => hub.size,
    ...(handle.pool ? { pool: handle.pool } : {}),
  });
  if (observability.metricsToken)
    await app.register(metricsRoutes, { registry: metrics.registry, token: observability.metricsToken });
}
