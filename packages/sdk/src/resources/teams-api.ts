import type {
  CreateTeam,
  PageQuery,
  Team,
  TeamExecution,
  TeamExecutionEvent,
  TeamExecutionStatus,
  UpdateTeam,
  WorkflowDefinition,
  WorkflowProblem,
} from '@renum/contracts';
import { delay } from '../delay.ts';
import { RenumApiError } from '../renum-api-error.ts';
import { readSseFrames } from '../sse-parser.ts';
import { segment, type Transport } from '../transport.ts';
import type { Page } from './page.ts';

/** Teams of agents (seed 002): their workflow, executions and live events. */
export function createTeamsApi(transport: Transport) {
  return {
    list: (query: Partial<PageQuery> = {}) =>
      transport.json<Page<Team>>({ method: 'GET', path: '/v1/teams', query }),
    get: (id: string) => transport.json<Team>({ method: 'GET', path: `/v1/teams/${segment(id)}` }),
    /** Creates a team; an invalid workflow is a `VALIDATION_ERROR` whose `details` name each step and field. */
    create: (body: CreateTeam) => transport.json<Team>({ method: 'POST', path: '/v1/teams', body }),
    update: (id: string, body: UpdateTeam) =>
      transport.json<Team>({ method: 'PATCH', path: `/v1/teams/${segment(id)}`, body }),
    delete: (id: string) => transport.json<void>({ method: 'DELETE', path: `/v1/teams/${segment(id)}` }),
    /** Checks a workflow against the client's agents without saving it. */
    validate: (workflowDefinition: WorkflowDefinition) =>
      transport.json<{ valid: boolean; problems: WorkflowProblem[] }>({
        method: 'POST',
        path: '/v1/teams/validate',
        body: { workflow_definition: workflowDefinition },
      }),
    /**
     * Starts an execution; answers its id at once (the steps run in the background). With
     * `idempotencyKey`, a retry of the same start (after a dropped connection) answers the first execution.
     */
    execute: (id: string, initialPrompt: string, options: { idempotencyKey?: string } = {}) =>
      transport.json<{ execution_id: string; status: TeamExecutionStatus }>({
        method: 'POST',
        path: `/v1/teams/${segment(id)}/executions`,
        body: { initial_prompt: initialPrompt },
        ...(options.idempotencyKey ? { headers: { 'idempotency-key': options.idempotencyKey } } : {}),
      }),
    /** A team's executions, newest first, with each step's usage and cost. */
    executions: (id: string, query: Partial<PageQuery> = {}) =>
      transport.json<Page<TeamExecution>>({
        method: 'GET',
        path: `/v1/teams/${segment(id)}/executions`,
        query,
      }),
  };
}

/** Executions of teams. */
export function createTeamExecutionsApi(transport: Transport) {
  return {
    get: (id: string) =>
      transport.json<TeamExecution>({ method: 'GET', path: `/v1/team-executions/${segment(id)}` }),
    cancel: (id: string) =>
      transport.json<TeamExecution>({ method: 'POST', path: `/v1/team-executions/${segment(id)}/cancel` }),
    /**
     * The execution's events after `afterSeq`, replayed then followed live until its end (`complete`,
     * `error` or `status stopped` with `step_index` null). Reconnects after a dropped connection from the
     * last event seen, up to `maxReconnects` times in a row (default 5, waiting one more second each
     * time). A stream the server closes before the end event (a restart ends open streams) is dropped
     * too; only a reconnection that brings nothing new and closes again means there is no more.
     */
    events: (id: string, options: FollowExecutionOptions = {}): AsyncGenerator<TeamExecutionEvent> =>
      followExecution(transport, id, options),
  };
}

/** Options of {@link createTeamExecutionsApi}'s `events`. */
export interface FollowExecutionOptions {
  /** Events after this number only. @defaultValue 0 */
  afterSeq?: number;
  /** Stops following (the iterator ends without an error). */
  signal?: AbortSignal;
  /** Reconnections tried in a row before giving up. @defaultValue 5 */
  maxReconnects?: number;
  /** Called before each reconnection: the stream dropped or the server closed it early (a restart). */
  onReconnect?: (info: { attempt: number; lastSeq: number }) => void;
}

async function* followExecution(
  transport: Transport,
  id: string,
  options: FollowExecutionOptions,
): AsyncGenerator<TeamExecutionEvent> {
  let lastSeq = options.afterSeq ?? 0;
  let failures = 0;
  // The previous stream closed cleanly without the end event (a server that shuts down ends its streams).
  let closedEarly = false;
  // Loaded with the first stream, not with the SDK (see run-event-stream.ts).
  const { teamExecutionEventSchema } = await import('@renum/contracts');
  while (!options.signal?.aborted) {
    const seqBefore = lastSeq;
    try {
      const response = await transport.open({
        method: 'GET',
        path: `/v1/team-executions/${segment(id)}/events`,
        query: { after_seq: lastSeq },
        headers: { accept: 'text/event-stream' },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!response.body) throw new Error('The event stream has no body');
      for await (const frame of readSseFrames(response.body)) {
        const parsed = teamExecutionEventSchema.safeParse(parseJson(frame.data));
        if (!parsed.success || parsed.data.seq <= lastSeq) continue;
        lastSeq = parsed.data.seq;
        failures = 0;
        yield parsed.data;
        if (isExecutionEnd(parsed.data)) return;
      }
      // Closed without the end event: the execution may still run (the server restarted), so look again;
      // a second close that brought nothing new means the server has no more to send.
      if (closedEarly && lastSeq === seqBefore) return;
      closedEarly = true;
      failures += 1;
      if (failures > (options.maxReconnects ?? 5)) return;
    } catch (error) {
      if (options.signal?.aborted) return;
      // A refusal (not found, no access) will not change by retrying; a dropped connection may.
      if (RenumApiError.isInstance(error) && error.status >= 400 && error.status < 500) throw error;
      closedEarly = false;
      failures += 1;
      if (failures > (options.maxReconnects ?? 5)) throw error;
    }
    options.onReconnect?.({ attempt: failures, lastSeq });
    await delay(1000 * failures, options.signal);
  }
}

function parseJson(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null; // not an event (proxy noise): skipped
  }
}

/** True for the event that ends an execution. */
export function isExecutionEnd(event: TeamExecutionEvent): boolean {
  if (event.step_index !== null) return false;
  return (
    event.type === 'complete' ||
    event.type === 'error' ||
    (event.type === 'status' && event.status === 'stopped')
  );
}
