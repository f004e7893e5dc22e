import type { listRunsQuerySchema, Run, RunDetail, RunEvent, RunSummary } from '@renum/contracts';
import type { z } from 'zod';
import { followRunEventStream, type RunEventStreamOptions } from '../run-event-stream.ts';
import { segment, type Transport } from '../transport.ts';
import type { Page } from './page.ts';

/** Runs: one agent answer each. */
export function createRunsApi(transport: Transport) {
  return {
    /**
     * The client's runs, newest first, each with its agent's and sub-agent's names and a message preview;
     * filter by `agent_id`, `conversation_id` or `status`.
     */
    list: (
      query: Partial<z.output<typeof listRunsQuerySchema>> = {},
      options: { signal?: AbortSignal } = {},
    ) => transport.json<Page<RunSummary>>({ method: 'GET', path: '/v1/runs', query, ...options }),
    /** One run, with its agent's and sub-agent's names and the start of the message it answered. */
    get: (id: string, options: { signal?: AbortSignal } = {}) =>
      transport.json<RunDetail>({ method: 'GET', path: `/v1/runs/${segment(id)}`, ...options }),
    /** Stops a queued or running run; the stream ends with a `stopped` status event. */
    stop: (id: string) => transport.json<Run>({ method: 'POST', path: `/v1/runs/${segment(id)}/stop` }),
    /**
     * The run's events after `afterSeq` (0: all), replayed then followed live until the terminal
     * event; a finished run's stream replays and ends. Resumes on its own after a dropped connection.
     */
    events: (
      id: string,
      options: RunEventStreamOptions & { afterSeq?: number } = {},
    ): AsyncGenerator<RunEvent> =>
      followRunEventStream(
        transport,
        () =>
          transport.open({
            method: 'GET',
            path: `/v1/runs/${segment(id)}/events`,
            query: { after_seq: options.afterSeq ?? 0 },
            headers: { accept: 'text/event-stream' },
            ...(options.signal ? { signal: options.signal } : {}),
          }),
        { ...options, runId: id },
      ),
  };
}
