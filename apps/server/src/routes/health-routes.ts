import { migrationStatus } from '@renum/db';
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './route-context.ts';

/** `/health`: the process is up. `/ready`: the database answers and its migrations are current. */
export async function healthRoutes(app: FastifyInstance, { handle }: RouteContext) {
  app.get('/health', { schema: { tags: ['health'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { tags: ['health'], summary: 'Readiness' } }, async (_request, reply) => {
    try {
      const status = await migrationStatus(handle);
      if (status.pending.length > 0) {
        return reply
          .status(503)
          .send({ error: 'Migrations pending', code: 'NOT_READY', pending: status.pending });
      }
      return { status: 'ready', database: handle.kind, migrations: status.applied.length };
    } catch (error) {
      reply.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ error: 'Database unreachable', code: 'NOT_READY' });
    }
  });
}
