import type { ConnectWhatsApp, UpdateWhatsApp, WhatsAppConnection } from '@renum/contracts';
import { segment, type Transport } from '../transport.ts';
import type { List } from './page.ts';

/** The client's WhatsApp Business numbers (issue 12) and the caller's approver number (issue 15). */
export function createWhatsAppApi(transport: Transport) {
  const path = (id: string) => `/v1/channels/whatsapp/${segment(id)}`;
  return {
    list: (options: { signal?: AbortSignal } = {}) =>
      transport.json<List<WhatsAppConnection>>({ method: 'GET', path: '/v1/channels/whatsapp', ...options }),
    connect: (input: ConnectWhatsApp) =>
      transport.json<WhatsAppConnection>({ method: 'POST', path: '/v1/channels/whatsapp', body: input }),
    update: (id: string, input: UpdateWhatsApp) =>
      transport.json<WhatsAppConnection>({ method: 'PATCH', path: path(id), body: input }),
    disconnect: (id: string) => transport.json<void>({ method: 'DELETE', path: path(id) }),
    /** The caller's number for approval requests. */
    approverNumber: (options: { signal?: AbortSignal } = {}) =>
      transport.json<{ whatsapp_number: string | null }>({
        method: 'GET',
        path: '/v1/me/whatsapp',
        ...options,
      }),
    /** Registers (or with null removes) the caller's number for approval requests. */
    setApproverNumber: (whatsappNumber: string | null) =>
      transport.json<{ whatsapp_number: string | null }>({
        method: 'PUT',
        path: '/v1/me/whatsapp',
        body: { whatsapp_number: whatsappNumber },
      }),
  };
}
