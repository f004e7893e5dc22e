import type { WsTicket } from '@renum/contracts';
import {
  createRealtimeConnection,
  type RealtimeConnection,
  type RealtimeOptions,
} from '../realtime-connection.ts';
import type { Transport } from '../transport.ts';

/** The WebSocket: one connection per page, authenticated by a fresh single-use ticket on every attempt. */
export function createRealtimeApi(transport: Transport, baseUrl: string) {
  return {
    /** Asks for a 30-second single-use ticket for `GET /ws?ticket=`. */
    ticket: () => transport.json<WsTicket>({ method: 'POST', path: '/v1/ws-tickets' }),
    /** Opens the WebSocket (see {@link createRealtimeConnection}); reconnects and resumes by itself. */
    connect: (options: Omit<RealtimeOptions, 'url'> = {}): RealtimeConnection =>
      createRealtimeConnection({
        ...options,
        url: async () => {
          const { ticket } = await transport.json<WsTicket>({ method: 'POST', path: '/v1/ws-tickets' });
          return `${socketBase(baseUrl)}/ws?ticket=${encodeURIComponent(ticket)}`;
        },
      }),
  };
}

/** `http(s)://host` to `ws(s)://host`; an empty base is the page's own origin. */
function socketBase(baseUrl: string): string {
  const page = (globalThis as { location?: { origin: string } }).location;
  const base = baseUrl.replace(/\/+$/, '') || (page?.origin ?? '');
  return base.replace(/^http/, 'ws');
}
