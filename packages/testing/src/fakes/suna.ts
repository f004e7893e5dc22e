import {
  baseSpec,
  type ErrorReply,
  type FakeRoute,
  type RouteContext,
  startFakeHttpServer,
} from './fake-http-server.ts';
import { bearerToken, isRecord, sendJson, stringField } from './http-io.ts';
import { type SunaAgent, sunaAgentRoutes } from './suna-agents.ts';
import type { SunaRunScript } from './suna-events.ts';
import { callToolsThroughMcp } from './suna-mcp.ts';
import { createSunaEngine, type SunaEngine, type SunaRun, type SunaThread } from './suna-runs.ts';
import { serveSunaStream } from './suna-stream.ts';
import { sendSunaError, sunaErrorBody, sunaRunView, sunaThreadRoutes } from './suna-threads.ts';
import type { BaseFakeOptions, FakeServer, RecordedRequest } from './types.ts';

/** Options of {@link startFakeSuna}. */
export interface FakeSunaOptions extends BaseFakeOptions {
  /** Scripted runs, consumed one per `POST /v1/agent/start`; default: echo the prompt. */
  runs?: SunaRunScript[];
  /** Delay before a run's first event (default 0). */
  thinkTimeMs?: number;
  /** Delay between a run's events (default 0). */
  eventDelayMs?: number;
  /** Interval of `{"type":"ping"}` keepalives on open streams (default 5000). */
  pingIntervalMs?: number;
  /** Whether `/stop` publishes a terminal `status: stopped` event (default true; real Suna may not). */
  terminalEventOnStop?: boolean;
  /** Running runs allowed at once; more answer 402 `AGENT_RUN_LIMIT_EXCEEDED` (default unlimited). */
  maxConcurrentRuns?: number;
  /** Like Suna, `GET /v1/threads/{id}[/messages]` answer 403 without a Bearer JWT (default false). */
  threadReadsRequireJwt?: boolean;
  /** Model name when the start request gives none (default `kortix/basic`). */
  defaultModel?: string;
  /**
   * When no script is queued, a prompt that asks to search ("search …", "pesquise …") makes the agent call
   * `web_search` with the prompt as its query before answering (through its MCP server, if it has one), as
   * a demo of tools coming back to the platform. @defaultValue false: echo the prompt
   */
  searchOnRequest?: boolean;
}

/** Handle of a running fake Suna backend. */
export interface FakeSuna extends FakeServer {
  /** Queues run scripts, consumed one per started run. */
  enqueueRun(...scripts: SunaRunScript[]): void;
  /** Number of queued run scripts not consumed yet. */
  pendingRuns(): number;
  /** Every run started, by id. */
  readonly runs: ReadonlyMap<string, SunaRun>;
  /** Every thread, by id. */
  readonly threads: ReadonlyMap<string, SunaThread>;
  /** Every agent created with `POST /v1/agents`, by id. */
  readonly agents: ReadonlyMap<string, SunaAgent>;
}

/** The demo script of {@link FakeSunaOptions.searchOnRequest}. */
function searchScript(prompt: string): SunaRunScript {
  if (!/\b(search|pesquis\w*|procur\w*)\b/i.test(prompt)) return {};
  return {
    toolCalls: [{ name: 'web_search', arguments: { query: prompt } }],
    text: `I searched the web for "${prompt}" through Renum's tools and found the results above.`,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sunaAuthorizer(apiKey: string | undefined): (req: RecordedRequest) => ErrorReply | undefined {
  return (req) => {
    if (apiKey == null) return undefined;
    const given = req.headers['x-api-key'] ?? bearerToken(req.headers) ?? req.query.token;
    if (given === apiKey) return undefined;
    const message = given == null ? 'No valid authentication credentials found' : 'Invalid API key';
    return { status: 401, body: { detail: message } };
  };
}

/** Handles `POST /v1/agent/start` (multipart form, as Suna requires; JSON bodies carry no fields). */
function startAgent(engine: SunaEngine, options: FakeSunaOptions, req: RecordedRequest): ErrorReply {
  const isForm = /multipart\/form-data|x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
  const fields = isForm && isRecord(req.body) ? req.body : {};
  const prompt = stringField(fields, 'prompt') ?? '';
  const threadId = stringField(fields, 'thread_id');
  const error = (status: number, message: string) => ({ status, body: sunaErrorBody(status, message) });
  if (!threadId && prompt.trim().length === 0)
    return error(400, 'prompt is required when starting a new thread');
  if (threadId && !UUID.test(threadId)) return error(400, 'Invalid thread_id format');
  const running = [...engine.runs.values()].filter((run) => run.status === 'running').length;
  const limit = options.maxConcurrentRuns;
  if (limit != null && running >= limit) {
    const message = `Maximum of ${limit} concurrent agent runs reached`;
    const detail = { message, error_code: 'AGENT_RUN_LIMIT_EXCEEDED', limit, running_count: running };
    return { status: 402, body: { detail } };
  }
  const thread = threadId ? engine.threads.get(threadId) : engine.createThread(prompt.slice(0, 50));
  if (!thread) return error(404, 'Thread not found');
  const agentId = stringField(fields, 'agent_id') ?? null;
  if (prompt.length > 0) engine.addMessage(thread, 'user', { role: 'user', content: prompt }, agentId);
  const run = engine.startRun(thread, { prompt, agentId, modelName: stringField(fields, 'model_name') });
  const body = { thread_id: thread.id, agent_run_id: run.id, project_id: thread.projectId, sandbox_id: null };
  return { status: 200, body: { ...body, status: 'running' } };
}

/**
 * Starts a fake Suna (Kortix) backend, era C (`/v1`), on 127.0.0.1: `POST /v1/agent/start`
 * (multipart form: `prompt`, `thread_id`, `agent_id`, `model_name`, …), the run's SSE stream
 * `GET /v1/agent-run/{id}/stream` (`data:` lines with `_event_id`, `last_id` resume, pings, terminal
 * status), `GET /v1/agent-run/{id}`, `GET /v1/agent-runs/{id}/status`, `GET /v1/agent-runs/active`,
 * `POST /v1/agent-run/{id}/stop`, thread endpoints and `GET /v1/health`.
 * Auth: `X-API-Key`, `Authorization: Bearer`, or `?token=`; errors are FastAPI's `{ detail }`.
 */
export async function startFakeSuna(options: FakeSunaOptions = {}): Promise<FakeSuna> {
  const agents = new Map<string, SunaAgent>();
  const engine = createSunaEngine({
    ...(options.searchOnRequest ? { defaultScript: searchScript } : {}),
    callTools: (run, steps) => callToolsThroughMcp(run.agentId ? agents.get(run.agentId) : undefined, steps),
    turns: options.runs ?? [],
    thinkTimeMs: options.thinkTimeMs ?? 0,
    eventDelayMs: options.eventDelayMs ?? 0,
    terminalEventOnStop: options.terminalEventOnStop ?? true,
    defaultModel: options.defaultModel ?? 'kortix/basic',
  });
  const openStreams = new Set<() => void>();
  const withRun = (
    ctx: RouteContext,
    answer: (run: SunaRun) => void | Promise<void>,
  ): void | Promise<void> => {
    const run = engine.runs.get(ctx.params[0] ?? '');
    if (run) return answer(run);
    sendSunaError(ctx.res, 404, 'Agent run not found');
  };
  const runRoutes: FakeRoute[] = [
    {
      method: 'POST',
      path: /^\/v1\/agent\/start$/,
      handle: ({ req, res }) => {
        const reply = startAgent(engine, options, req);
        sendJson(res, reply.status, reply.body);
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/agent-run\/([^/]+)\/stream$/,
      handle: (ctx) =>
        withRun(ctx, (run) => serveSunaStream(ctx, run, options.pingIntervalMs ?? 5000, openStreams)),
    },
    {
      method: 'GET',
      path: /^\/v1\/agent-run\/([^/]+)$/,
      handle: (ctx) => withRun(ctx, (run) => sendJson(ctx.res, 200, sunaRunView(run))),
    },
    {
      method: 'GET',
      path: /^\/v1\/agent-runs\/active$/,
      handle: ({ res }) => {
        const active = [...engine.runs.values()].filter((run) => run.status === 'running');
        const view = active.map((run) => ({
          id: run.id,
          thread_id: run.threadId,
          status: run.status,
          started_at: run.startedAt,
        }));
        sendJson(res, 200, { active_runs: view });
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/agent-runs\/([^/]+)\/status$/,
      handle: (ctx) =>
        withRun(ctx, (run) => sendJson(ctx.res, 200, { status: run.status, error: run.error })),
    },
    {
      method: 'POST',
      path: /^\/v1\/agent-run\/([^/]+)\/stop$/,
      handle: (ctx) =>
        withRun(ctx, (run) => {
          engine.stopRun(run);
          sendJson(ctx.res, 200, { status: 'stopped' });
        }),
    },
    {
      method: 'GET',
      path: /^\/v1\/health$/,
      auth: false,
      handle: ({ res }) =>
        sendJson(res, 200, { status: 'ok', timestamp: new Date().toISOString(), instance_id: 'fake' }),
    },
  ];

  const server = await startFakeHttpServer({
    name: 'suna',
    ...baseSpec(options),
    errorBody: sunaErrorBody,
    authorize: sunaAuthorizer(options.apiKey),
    routes: [
      ...runRoutes,
      ...sunaThreadRoutes(engine, options.threadReadsRequireJwt === true),
      ...sunaAgentRoutes(agents, () => engine.newUuid('agent')),
    ],
    onClose: () => {
      engine.close();
      for (const end of [...openStreams]) end();
    },
  });
  return {
    ...server,
    runs: engine.runs,
    threads: engine.threads,
    agents,
    enqueueRun: (...scripts) => {
      engine.scripts.push(...scripts);
    },
    pendingRuns: () => engine.scripts.length,
  };
}
