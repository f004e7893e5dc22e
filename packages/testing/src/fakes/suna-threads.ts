import { defaultStatusMessage, type FakeRoute, type RouteContext } from './fake-http-server.ts';
import { bearerToken, sendJson, stringField } from './http-io.ts';
import type { SunaEngine, SunaRun, SunaThread } from './suna-runs.ts';

/** Suna (FastAPI) error body: `{ detail }`, or `{ detail: { message, error_code } }` for 402. */
export function sunaErrorBody(status: number, message = defaultStatusMessage(status)): unknown {
  if (status === 402) return { detail: { message, error_code: 'INSUFFICIENT_CREDITS' } };
  return { detail: message };
}

/** Sends a Suna error. */
export function sendSunaError(res: RouteContext['res'], status: number, message: string): void {
  sendJson(res, status, sunaErrorBody(status, message));
}

/** The camelCase run view of `GET /v1/agent-run/{id}`. */
export function sunaRunView(run: SunaRun): Record<string, unknown> {
  return {
    id: run.id,
    threadId: run.threadId,
    status: run.status,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    error: run.error,
  };
}

function threadRuns(engine: SunaEngine, thread: SunaThread): SunaRun[] {
  return thread.runIds.map((id) => engine.runs.get(id)).filter((run) => run != null);
}

/**
 * Thread routes of the Suna fake: create, get, list messages (`optimized`, `order`), add a user
 * message, and list a thread's runs. With `requireJwt`, thread reads need a Bearer token (403 otherwise).
 */
export function sunaThreadRoutes(engine: SunaEngine, requireJwt: boolean): FakeRoute[] {
  const findThread = (ctx: RouteContext, read: boolean): SunaThread | undefined => {
    if (read && requireJwt && bearerToken(ctx.req.headers) == null) {
      sendSunaError(ctx.res, 403, 'Not authorized to access this thread');
      return undefined;
    }
    const thread = engine.threads.get(ctx.params[0] ?? '');
    if (!thread) sendSunaError(ctx.res, 404, 'Thread not found');
    return thread;
  };
  return [
    {
      method: 'POST',
      path: /^\/v1\/threads$/,
      handle: ({ req, res }) => {
        const thread = engine.createThread(stringField(req.body, 'name'));
        sendJson(res, 200, { thread_id: thread.id, project_id: thread.projectId });
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/threads\/([^/]+)$/,
      handle: (ctx) => {
        const thread = findThread(ctx, true);
        if (!thread) return;
        sendJson(ctx.res, 200, {
          thread_id: thread.id,
          project_id: thread.projectId,
          name: thread.name,
          metadata: {},
          created_at: thread.createdAt,
          project: { project_id: thread.projectId, name: thread.name, sandbox: null },
          message_count: thread.messages.length,
          recent_agent_runs: threadRuns(engine, thread).slice(-5).reverse().map(sunaRunView),
        });
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/threads\/([^/]+)\/messages$/,
      handle: (ctx) => {
        const thread = findThread(ctx, true);
        if (!thread) return;
        const optimized = ctx.req.query.optimized !== 'false';
        let rows: Record<string, unknown>[] = thread.messages.map((row) => ({ ...row }));
        if (optimized) {
          rows = rows.filter((row) => ['user', 'assistant', 'tool'].includes(String(row.type)));
          for (const row of rows) if (row.type !== 'user') delete row.content;
        }
        if (ctx.req.query.order === 'desc') rows.reverse();
        sendJson(ctx.res, 200, { messages: rows });
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/threads\/([^/]+)\/messages\/add$/,
      handle: (ctx) => {
        const thread = findThread(ctx, false);
        if (!thread) return;
        const message = stringField(ctx.req.body, 'message') ?? ctx.req.query.message ?? '';
        engine.addMessage(thread, 'user', { role: 'user', content: message });
        sendJson(ctx.res, 200, thread.messages.at(-1));
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/thread\/([^/]+)\/agent-runs$/,
      handle: (ctx) => {
        const thread = findThread(ctx, false);
        if (!thread) return;
        const agentRuns = threadRuns(engine, thread)
          .reverse()
          .map((run) => ({
            id: run.id,
            thread_id: run.threadId,
            status: run.status,
            started_at: run.startedAt,
            completed_at: run.completedAt,
            error: run.error,
          }));
        sendJson(ctx.res, 200, { agent_runs: agentRuns });
      },
    },
  ];
}
