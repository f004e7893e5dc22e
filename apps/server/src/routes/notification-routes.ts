import { notificationQuerySchema, notificationSchema, pageSchema } from '@renum/contracts';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

/** The client's notifications (budget alerts): listed by any member, marked read by owners and admins. */
export async function notificationRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  app.get(
    '/v1/notifications',
    {
      schema: {
        tags,
        summary: 'List notifications, newest first',
        security,
        querystring: notificationQuerySchema,
        response: { 200: pageSchema(notificationSchema), ...errorResponses },
      },
    },
    async (request) => listNotifications(deps, { principal: principalOf(request), query: request.query }),
  );
  app.post(
    '/v1/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark a notification read',
        security,
        params: z.object({ id: z.string() }),
        response: { 200: notificationSchema, ...errorResponses },
      },
    },
    async (request) =>
      markNotificationRead(deps, { principal: principalOf(request), notificationId: request.params.id }),
  );
  app.post(
    '/v1/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark every notification read',
        security,
        response: { 200: z.object({ updated: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => markAllNotificationsRead(deps, { principal: principalOf(request) }),
  );
}
