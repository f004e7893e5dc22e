import type { Conversation } from '@renum/contracts';
import { act, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { inboxFallbackPollMs, inboxPollInterval } from '../src/pages/inbox/inbox-page.tsx';
import { fakeApi, fakeConnection, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

const agentId = '0190a000-0000-7000-8000-0000000000a9';
const clientId = '0190a000-0000-7000-8000-0000000000c1';

function conversation(id: string, title: string, lastMessageAt: string): Conversation {
  return {
    id,
    client_id: clientId,
    agent_id: agentId,
    contact_id: null,
    user_id: null,
    channel: 'web',
    title,
    status: 'open',
    last_seq: 1,
    last_message_at: lastMessageAt,
    taken_over_by: null,
    taken_over_at: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: lastMessageAt,
  };
}

beforeEach(storeSession);

describe('the inbox list, live over the WebSocket (ADR 0068)', () => {
  it('reads the list again when a conversation it does not follow has a finished run', async () => {
    const first = conversation(
      '0190a000-0000-7000-8000-0000000000e1',
      'Invoice twice',
      '2026-01-01T10:00:00.000Z',
    );
    let stored = [first];
    const api = fakeApi({
      'GET /v1/me': { status: 200, body: meAnswer() },
      'GET /v1/agents': { status: 200, body: { data: [], next_cursor: null } },
      'GET /v1/conversations': () => ({ status: 200, body: { data: stored, next_cursor: null } }),
      'GET /v1/notifications': { status: 200, body: { data: [], next_cursor: null } },
      'GET /v1/approvals': { status: 200, body: { data: [], next_cursor: null } },
    });
    const socket = fakeConnection('open');
    api.client.realtime.connect = () => socket.connection;
    renderApp(api, '/inbox');
    await screen.findByText('Invoice twice');
    const reads = () => api.requests.filter((request) => request.path === '/v1/conversations').length;
    const before = reads();

    const answered = { ...first, last_message_at: '2026-01-01T10:05:00.000Z', last_seq: 9 };
    const other = conversation(
      '0190a000-0000-7000-8000-0000000000e2',
      'Delivery late',
      '2026-01-01T10:04:00.000Z',
    );
    stored = [answered, other];
    act(() => socket.push({ type: 'conversation', conversation: answered }));
    await screen.findByText('Delivery late');
    expect(reads()).toBeGreaterThan(before);
  });

  it('polls only while the WebSocket is not open', () => {
    expect(inboxPollInterval('open')).toBe(false);
    for (const status of ['connecting', 'reconnecting', 'closed'] as const) {
      expect(inboxPollInterval(status)).toBe(inboxFallbackPollMs);
    }
  });
});
