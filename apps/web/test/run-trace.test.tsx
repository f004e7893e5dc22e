import type { RunDetail } from '@renum/contracts';
import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { messagesPtBr } from '../src/i18n/messages-pt-br.ts';
import { fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

beforeEach(storeSession);

const runId = '0190a000-0000-7000-8000-0000000000f1';
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A finished run as `GET /v1/runs/{id}` answers it, with the trace fields given. */
function runDetail(trace: Pick<RunDetail, 'trace_id' | 'trace_url'>): RunDetail {
  const at = '2026-12-06T04:00:00.000Z';
  return {
    id: runId,
    client_id: '0190a000-0000-7000-8000-0000000000c1',
    conversation_id: null,
    agent_id: '0190a000-0000-7000-8000-0000000000a1',
    sub_agent_id: null,
    status: 'completed',
    executor: 'builtin',
    model: 'offline/renum',
    attempts: 1,
    error_code: null,
    error_message: null,
    routing_error: null,
    tokens_input: 10,
    tokens_output: 5,
    cost_usd: 0,
    queued_at: at,
    started_at: at,
    first_token_at: at,
    finished_at: at,
    created_at: at,
    cancel_requested_at: null,
    claims: 1,
    suspensions: 0,
    execution_id: null,
    schedule: null,
    agent_name: 'Atendente',
    sub_agent_name: null,
    message_preview: 'Olá',
    routing_error_code: null,
    routing_error_params: null,
    ...trace,
  };
}

function openRun(trace: Pick<RunDetail, 'trace_id' | 'trace_url'>, locale?: 'pt-BR') {
  renderApp(
    fakeApi({
      'GET /v1/me': { status: 200, body: meAnswer() },
      [`GET /v1/runs/${runId}`]: { status: 200, body: runDetail(trace) },
    }),
    `/runs/${runId}`,
    locale,
  );
}

describe('a run’s trace on its page (ADR 0069)', () => {
  it('links the trace id to the trace viewer in a new tab, named in the reader’s language', async () => {
    const traceUrl = `http://127.0.0.1:16686/trace/${traceId}`;
    openRun({ trace_id: traceId, trace_url: traceUrl }, 'pt-BR');
    const link = await screen.findByRole('link', {
      name: messagesPtBr['runs.openTrace'].replace('{id}', traceId),
    });
    expect(link.getAttribute('href')).toBe(traceUrl);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.getByTestId('run-trace').textContent).toContain(messagesPtBr['runs.trace']);
  });

  it('shows the id without a link when no viewer is configured, and nothing for a run not traced', async () => {
    openRun({ trace_id: traceId, trace_url: null });
    expect((await screen.findByTestId('run-trace')).textContent).toContain(traceId);
    expect(
      screen.queryByRole('link', { name: messagesEn['runs.openTrace'].replace('{id}', traceId) }),
    ).toBeNull();
  });

  it('shows no trace for a run stored without one', async () => {
    openRun({ trace_id: null, trace_url: null });
    expect(await screen.findByTestId('answered-by')).toBeTruthy();
    expect(screen.queryByTestId('run-trace')).toBeNull();
  });
});
