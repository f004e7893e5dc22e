import { migrationStatus } from '@renum/db';
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './route-context.ts';

/**
 * `/health`: the process is up. `/ready`: the dependencies of this process's role answer: the database
 * (with its migrations current) and, when `REDIS_URL` is set, Redis.
 */
export async function healthRoutes(app: FastifyInstance, { handle, readiness }: RouteContext) {
  app.get('/health', { schema: { tags: ['health'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { tags: ['health'], summary: 'Readiness' } }, async (_request, reply) => {
    try {
      const status = await migrationStatus(handle);
      if (status.pending.length > 0) {
        return reply
          .status(503)
          .send({ error: 'Migrations pending', code: 'NOT_READY', pending: status.pending });
      }
      if (readiness?.redis) {
        try {
          await readiness.redis();
        } catch (error) {
          reply.log.warn({ err: error }, 'readiness check failed: Redis');
          return reply.status(503).send({ error: 'Redis unreachable', code: 'NOT_READY' });
        }
      }
      return {
        status: 'ready',
        role: readiness?.role ?? 'all',
        database: handle.kind,
        redis: readiness?.redis ? 'ok' : 'not configured',
        migrations: status.applied.length,
      };
    } catch (error) {
      reply.log.warn({ err: error }, 'readiness check failed');
      return reply.status(503).send({ error: 'Database unreachable', code: 'NOT_READY' });
    }
  });
}
