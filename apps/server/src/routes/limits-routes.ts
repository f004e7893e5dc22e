import { clientLimitsSchema, setClientLimitsSchema } from '@renum/contracts';
import { getClientLimits, getLimits, setClientLimits } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, personSecurity, security } from './route-schemas.ts';

/** Budgets and limits: the client reads its own, platform admins set them per client (plans: plan-routes.ts). */
export async function limitsRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/limits',
    {
      schema: {
        tags: ['limits'],
        summary: "The caller's plan, monthly budget, spend this month and limits",
        security,
        response: { 200: clientLimitsSchema, ...errorResponses },
      },
    },
    async (request) => getLimits(deps, { principal: principalOf(request) }),
  );
  app.get(
    '/v1/admin/clients/:id/limits',
    {
      schema: {
        tags: ['admin'],
        summary: "A client's plan, limits and spend this month",
        security: personSecurity,
        params: z.object({ id: z.string() }),
        response: { 200: clientLimitsSchema, ...errorResponses },
      },
    },
    async (request) =>
      getClientLimits(deps, { principal: principalOf(request), clientId: request.params.id }),
  );
  app.put(
    '/v1/admin/clients/:id/limits',
    {
      schema: {
        tags: ['admin'],
        summary: "Set a client's plan and its own budget and limits",
        security: personSecurity,
        params: z.object({ id: z.string() }),
        body: setClientLimitsSchema,
        response: { 200: clientLimitsSchema, ...errorResponses },
      },
    },
    async (request) =>
      setClientLimits(deps, {
        principal: principalOf(request),
        clientId: request.params.id,
        input: request.body,
      }),
  );
}
