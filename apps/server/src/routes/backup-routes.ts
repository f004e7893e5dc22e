import { AppError } from '@renum/contracts';
import { recordBackup } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, personSecurity } from './route-schemas.ts';

/**
 * `GET /v1/admin/backup`: a consistent copy of the embedded database while the server runs (a gzipped
 * tarball of its data directory, ADR 0050), what `npm run renum -- backup` downloads. On Postgres the
 * answer is `409 CONFLICT`: back it up with `pg_dump`.
 */
export async function backupRoutes(instance: FastifyInstance, { deps, handle }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/admin/backup',
    {
      schema: {
        tags: ['admin'],
        summary: 'Download a consistent copy of the embedded database (gzipped tarball); audited',
        security: personSecurity,
        response: { 200: z.any().describe('application/gzip: the data directory'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await recordBackup(deps, { principal: principalOf(request), databaseKind: handle.kind });
      if (!handle.dumpDataDir)
        throw new AppError('CONFLICT', 'The database is Postgres: back it up with pg_dump (see the README)');
      const archive = Buffer.from(await (await handle.dumpDataDir()).arrayBuffer());
      const name = `renum-backup-${deps.clock().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(archive);
    },
  );
}
