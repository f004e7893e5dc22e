import {
  platformSettingsInputSchema,
  platformSettingsSchema,
  platformSettingsViewSchema,
} from '@renum/contracts';
import { getPlatformSettings, type RunDeps, updatePlatformSettings } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, personSecurity } from './route-schemas.ts';

const tags = ['admin'];

/** Platform settings (issue 16, ADR 0050): read them with their history, set a new version. */
export async function platformSettingsRoutes(
  instance: FastifyInstance,
  context: RouteContext & { run: RunDeps },
) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const { deps } = context;
  app.get(
    '/v1/admin/settings',
    {
      schema: {
        tags,
        summary: 'The platform settings in force, their earlier versions and the models there are',
        security: personSecurity,
        response: { 200: platformSettingsViewSchema, ...errorResponses },
      },
    },
    async (request) =>
      getPlatformSettings(deps, {
        principal: principalOf(request),
        availableModels: context.run.models.listModels().map((model) => model.id),
      }),
  );
  app.put(
    '/v1/admin/settings',
    {
      schema: {
        tags,
        summary:
          'Set the platform settings (default plan, enabled models, price overrides, feature switches) as a new version; audited',
        security: personSecurity,
        body: platformSettingsInputSchema,
        response: { 200: platformSettingsSchema, ...errorResponses },
      },
    },
    async (request) => updatePlatformSettings(deps, { principal: principalOf(request), input: request.body }),
  );
}
