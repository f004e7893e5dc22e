import type {
  AdminClientDetail,
  AdminClientSummary,
  AdminMonitoring,
  AdminUser,
  AuditEntry,
  adminAuditQuerySchema,
  adminClientListQuerySchema,
  adminCreateClientSchema,
  adminUserListQuerySchema,
  Client,
  ClientLimits,
  CreatedInvitation,
  ExecutorHealth,
  PlatformRole,
  SunaSettings,
  setClientLimitsSchema,
  UpdateSunaSettings,
  User,
} from '@renum/contracts';
import type { z } from 'zod';
import { segment, type Transport } from '../transport.ts';
import type { Page } from './page.ts';
import { createPlansApi } from './plans-api.ts';
import { createPlatformSettingsApi } from './platform-settings-api.ts';

type Signal = { signal?: AbortSignal };

/** The admin console's API (platform admins only): clients, people, audit log and monitoring. */
export function createAdminApi(transport: Transport) {
  const client = (id: string) => `/v1/admin/clients/${segment(id)}`;
  return {
    clients: {
      list: (query: Partial<z.output<typeof adminClientListQuerySchema>> = {}, options: Signal = {}) =>
        transport.json<Page<AdminClientSummary>>({
          method: 'GET',
          path: '/v1/admin/clients',
          query,
          ...options,
        }),
      get: (id: string, options: Signal = {}) =>
        transport.json<AdminClientDetail>({ method: 'GET', path: client(id), ...options }),
      create: (input: z.input<typeof adminCreateClientSchema>) =>
        transport.json<Client>({ method: 'POST', path: '/v1/admin/clients', body: input }),
      suspend: (id: string, reason: string) =>
        transport.json<Client>({ method: 'POST', path: `${client(id)}/suspend`, body: { reason } }),
      reactivate: (id: string, reason: string) =>
        transport.json<Client>({ method: 'POST', path: `${client(id)}/reactivate`, body: { reason } }),
      /** Invites the client's owner; the answer's `accept_url` is to be passed on (shown once). */
      inviteOwner: (id: string, email: string) =>
        transport.json<CreatedInvitation>({
          method: 'POST',
          path: `${client(id)}/owner-invitation`,
          body: { email },
        }),
      setLimits: (id: string, input: z.input<typeof setClientLimitsSchema>) =>
        transport.json<ClientLimits>({ method: 'PUT', path: `${client(id)}/limits`, body: input }),
    },
    settings: createPlatformSettingsApi(transport),
    plans: createPlansApi(transport),
    users: {
      list: (query: Partial<z.output<typeof adminUserListQuerySchema>> = {}, options: Signal = {}) =>
        transport.json<Page<AdminUser>>({ method: 'GET', path: '/v1/admin/users', query, ...options }),
      setPlatformRole: (id: string, platformRole: PlatformRole) =>
        transport.json<User>({
          method: 'PUT',
          path: `/v1/admin/users/${segment(id)}/platform-role`,
          body: { platform_role: platformRole },
        }),
    },
    audit: (query: Partial<z.output<typeof adminAuditQuerySchema>> = {}, options: Signal = {}) =>
      transport.json<Page<AuditEntry>>({ method: 'GET', path: '/v1/admin/audit', query, ...options }),
    /** Suna's connection (secrets only as set or not set), its change (no restart) and its health check. */
    suna: {
      settings: (options: Signal = {}) =>
        transport.json<SunaSettings>({
          method: 'GET',
          path: '/v1/admin/executors/suna/settings',
          ...options,
        }),
      update: (input: UpdateSunaSettings) =>
        transport.json<SunaSettings>({
          method: 'PUT',
          path: '/v1/admin/executors/suna/settings',
          body: input,
        }),
      health: (options: Signal = {}) =>
        transport.json<ExecutorHealth>({
          method: 'GET',
          path: '/v1/admin/executors/suna/health',
          ...options,
        }),
    },
    monitoring: (window: 'hour' | 'day' = 'hour', options: Signal = {}) =>
      transport.json<AdminMonitoring>({
        method: 'GET',
        path: '/v1/admin/monitoring',
        query: { window },
        ...options,
      }),
  };
}
