import type {
  ClientAuditEntry,
  ClientAuditQuery,
  CopyGlobalAgent,
  CreateGlobalAgent,
  GlobalAgent,
  PageQuery,
  UpdateGlobalAgent,
  ViewAsGrant,
  ViewAsSession,
} from '@renum/contracts';
import { segment, type Transport } from '../transport.ts';
import type { Page } from './page.ts';

type Signal = { signal?: AbortSignal };

/** Platform admins: view-as sessions and the global agents they offer (ADR 0040). */
export function createViewAsAdminApi(transport: Transport) {
  return {
    viewAs: {
      /** Starts a read-only, 30-minute view of a client; the answer's token is for that view only. */
      start: (clientId: string, reason: string) =>
        transport.json<ViewAsGrant>({
          method: 'POST',
          path: `/v1/admin/clients/${segment(clientId)}/view-as`,
          body: { reason },
        }),
      end: (sessionId: string) =>
        transport.json<ViewAsSession>({
          method: 'POST',
          path: `/v1/admin/view-as/${segment(sessionId)}/end`,
        }),
    },
    globalAgents: {
      list: (query: Partial<PageQuery> & { include_retired?: 'true' | 'false' } = {}, options: Signal = {}) =>
        transport.json<Page<GlobalAgent>>({
          method: 'GET',
          path: '/v1/admin/global-agents',
          query,
          ...options,
        }),
      create: (input: CreateGlobalAgent) =>
        transport.json<GlobalAgent>({ method: 'POST', path: '/v1/admin/global-agents', body: input }),
      update: (id: string, input: UpdateGlobalAgent) =>
        transport.json<GlobalAgent>({
          method: 'PATCH',
          path: `/v1/admin/global-agents/${segment(id)}`,
          body: input,
        }),
    },
  };
}

/** A client's side: the global agents offered to it, and its own audit log. */
export function createGlobalAgentsApi(transport: Transport) {
  return {
    list: (query: Partial<PageQuery> = {}, options: Signal = {}) =>
      transport.json<Page<GlobalAgent>>({ method: 'GET', path: '/v1/global-agents', query, ...options }),
    /** Copies one into your agents (a draft) or its prompt into your prompt templates. */
    copy: (id: string, input: Partial<CopyGlobalAgent> = {}) =>
      transport.json<{ kind: 'agent' | 'prompt_template'; id: string }>({
        method: 'POST',
        path: `/v1/global-agents/${segment(id)}/copy`,
        body: input,
      }),
  };
}

/** The caller's client's audit log (owners and admins), newest first. */
export function createAuditApi(transport: Transport) {
  return {
    list: (query: Partial<ClientAuditQuery> = {}, options: Signal = {}) =>
      transport.json<Page<ClientAuditEntry>>({ method: 'GET', path: '/v1/audit', query, ...options }),
  };
}
