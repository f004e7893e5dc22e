import { errorBodySchema, executorKindSchema } from '@renum/contracts';
import { withClient, withPlatform } from '@renum/db';
import { type RunDeps, readSettings, readSunaConnection } from '@renum/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';

const modelOptionSchema = z
  .object({
    id: z.string(),
    provider: z.string(),
    model: z.string(),
    label: z.string(),
    offline: z.boolean(),
  })
  .meta({ id: 'ModelOption' });

/** The models this platform can call and the executors it runs, for the agent editor's pickers. */
export async function modelRoutes(instance: FastifyInstance, context: RouteContext & { run: RunDeps }) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/models',
    {
      schema: {
        tags: ['agents'],
        summary: 'Models the platform has configured (the offline one always, labelled as such)',
        security: [{ bearer: [] }, { apiKey: [] }],
        response: {
          200: z.object({
            data: z.array(modelOptionSchema),
            default_model: z.string(),
            /** Executors an agent may choose here: `builtin`, and `suna` when Suna is configured. */
            executors: z.array(executorKindSchema),
          }),
          401: errorBodySchema,
        },
      },
    },
    async (request) => {
      await readSunaConnection(context.deps); // settles `externalExecutors` from the settings in effect
      return {
        data: await enabledModelsOf(context, request),
        default_model: context.deps.defaultModel,
        executors: [
          'builtin' as const,
          ...executorKindSchema.options.filter((kind) => context.deps.externalExecutors?.includes(kind)),
        ],
      };
    },
  );
}

/** The configured models a client may use: all of them, or those the platform settings enable. */
async function enabledModelsOf(context: RouteContext & { run: RunDeps }, request: FastifyRequest) {
  const models = context.run.models.listModels();
  const principal = principalOf(request);
  const settings = principal.clientId
    ? await withClient(context.deps.db, principal.clientId, readSettings)
    : await withPlatform(context.deps.db, readSettings);
  const enabled = settings.enabledModels;
  return enabled === null ? models : models.filter((model) => enabled.includes(model.id));
}
