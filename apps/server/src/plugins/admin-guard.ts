import { requirePlatformAdmin } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import { principalOf } from './authentication.ts';

/** The URL prefix of the platform-admin API. */
export const adminPrefix = '/v1/admin/';

/**
 * Refuses every `/v1/admin/…` route of `app`'s scope to anyone but a platform admin's session, before
 * the body is validated or any use-case runs (`403 FORBIDDEN`; an API key is never a platform admin).
 * Each admin use-case checks again with `requirePlatformAdmin`: this hook makes a new route safe by
 * default and keeps a client's people from probing the admin API's shapes through validation errors.
 * Register it after `requireAuthentication`, whose hook sets the principal.
 */
export function guardAdminRoutes(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url?.startsWith(adminPrefix)) requirePlatformAdmin(principalOf(request));
  });
}
