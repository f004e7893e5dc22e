import type { Notification, WsServerFrame } from '@renum/contracts';
import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, fakeConnection, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

const approvalNote: Notification = {
  id: '0190a000-0000-7000-8000-0000000000f1',
  kind: 'approval.requested',
  payload: { tool: 'calculator', message: 'calculator waits for an approval' },
  created_at: '2026-01-01T00:00:00.000Z',
  read_at: null,
};

/** The app on a fake API whose notifications the test changes, and a WebSocket it drives. */
function liveApp() {
  let stored: Notification[] = [];
  const api = fakeApi({
    'GET /v1/me': { status: 200, body: meAnswer() },
    'GET /v1/notifications': () => ({ status: 200, body: { data: stored, next_cursor: null } }),
    'GET /v1/approvals': { status: 200, body: { data: [], next_cursor: null } },
  });
  const socket = fakeConnection();
  api.client.realtime.connect = () => socket.connection;
  const store = (notes: Notification[]) => {
    stored = notes;
  };
  const reads = () => api.requests.filter((request) => request.path === '/v1/notifications').length;
  const push = (frame: WsServerFrame) => act(() => socket.push(frame));
  const following = () => waitFor(() => expect(socket.listening()).toBeGreaterThan(0));
  return { api, store, reads, push, following };
}

const badge = () => screen.queryByTestId('unread-badge');

beforeEach(storeSession);

describe('notifications pushed over the WebSocket (ADR 0061)', () => {
  it('raises the badge and shows a toast on a frame, without waiting for a poll; drops it when read elsewhere', async () => {
    const live = liveApp();
    renderApp(live.api, '/notifications');
    await screen.findByText('No notifications.');
    await live.following();
    const before = live.reads();
    // Stored on the server, but no frame yet: nothing polls it in (the fallback poll is 5 minutes away).
    live.store([approvalNote]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(badge()).toBeNull();
    expect(live.reads()).toBe(before);

    live.push({ type: 'notification', notification: approvalNote });
    await waitFor(() => expect(badge()).not.toBeNull());
    expect(within(badge()!).getByText('1')).toBeTruthy();
    expect(await screen.findByText('New notification')).toBeTruthy();
    expect(screen.getAllByText('An action waits for your approval').length).toBeGreaterThan(0);
    // The approvals the badge beside the inbox counts were read again too.
    expect(live.api.requests.some((request) => request.path === '/v1/approvals')).toBe(true);

    live.store([{ ...approvalNote, read_at: '2026-01-01T00:01:00.000Z' }].filter((note) => !note.read_at));
    live.push({
      type: 'notifications_read',
      notification_id: approvalNote.id,
      read_at: '2026-01-01T00:01:00.000Z',
    });
    await waitFor(() => expect(badge()).toBeNull());
  });

  it('shows the toast in Portuguese to a Portuguese reader', async () => {
    const live = liveApp();
    renderApp(live.api, '/notifications', 'pt-BR');
    await screen.findByText('Nenhuma notificação.');
    await live.following();
    live.store([approvalNote]);
    live.push({ type: 'notification', notification: approvalNote });
    expect(await screen.findByText('Nova notificação')).toBeTruthy();
    await waitFor(() => expect(badge()).not.toBeNull());
    expect(screen.getAllByText('Uma ação espera a sua aprovação').length).toBeGreaterThan(0);
  });

  it("names an approval's outcome in the reader's language and reads the approvals again", async () => {
    const live = liveApp();
    renderApp(live.api, '/notifications', 'pt-BR');
    await screen.findByText('Nenhuma notificação.');
    await live.following();
    const approvalsBefore = live.api.requests.filter((request) => request.path === '/v1/approvals').length;
    const rejected: Notification = {
      ...approvalNote,
      id: '0190a000-0000-7000-8000-0000000000f2',
      kind: 'approval.rejected',
    };
    live.store([rejected]);
    live.push({ type: 'notification', notification: rejected });
    expect(await screen.findByText('Nova notificação')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByText('Uma ação foi rejeitada').length).toBeGreaterThan(0));
    expect(screen.queryByText(/approval\.rejected/)).toBeNull();
    expect(live.api.requests.filter((request) => request.path === '/v1/approvals').length).toBeGreaterThan(
      approvalsBefore,
    );
  });
});
