import {
  createPlanSchema,
  planNameSchema,
  planSchema,
  planStatusChangeSchema,
  planVersionSchema,
  updatePlanSchema,
} from '@renum/contracts';
import { createPlan, listPlans, listPlanVersions, setPlanRetired, updatePlan } from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, personSecurity } from './route-schemas.ts';

const tags = ['admin'];
const params = z.object({ name: planNameSchema });

/** The plans editor (issue 16, ADR 0055): list, create, edit as versions, retire and reinstate plans. */
export async function planRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/admin/plans',
    {
      schema: {
        tags,
        summary: 'List plans (retired ones included) with their version and the clients on each',
        security: personSecurity,
        response: { 200: z.object({ data: z.array(planSchema) }), ...errorResponses },
      },
    },
    async (request) => listPlans(deps, { principal: principalOf(request) }),
  );
  app.post(
    '/v1/admin/plans',
    {
      schema: {
        tags,
        summary: 'Create a plan (its version 1); audited',
        security: personSecurity,
        body: createPlanSchema,
        response: { 201: planSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const plan = await createPlan(deps, { principal: principalOf(request), input: request.body });
      return reply.code(201).send(plan);
    },
  );
  app.put(
    '/v1/admin/plans/:name',
    {
      schema: {
        tags,
        summary: "Set a plan's description, budget and limits as its next version; audited",
        security: personSecurity,
        params,
        body: updatePlanSchema,
        response: { 200: planSchema, ...errorResponses },
      },
    },
    async (request) =>
      updatePlan(deps, { principal: principalOf(request), name: request.params.name, input: request.body }),
  );
  for (const [action, retired] of [
    ['retire', true],
    ['reinstate', false],
  ] as const) {
    app.post(
      `/v1/admin/plans/:name/${action}`,
      {
        schema: {
          tags,
          summary: retired
            ? 'Retire a plan no client uses (409 PLAN_IN_USE otherwise); audited'
            : 'Offer a retired plan again; audited',
          security: personSecurity,
          params,
          body: planStatusChangeSchema,
          response: { 200: planSchema, ...errorResponses },
        },
      },
      async (request) =>
        setPlanRetired(deps, {
          principal: principalOf(request),
          name: request.params.name,
          retired,
          input: request.body,
        }),
    );
  }
  app.get(
    '/v1/admin/plans/:name/versions',
    {
      schema: {
        tags,
        summary: "A plan's stored versions, newest first (the last 50)",
        security: personSecurity,
        params,
        response: { 200: z.object({ data: z.array(planVersionSchema) }), ...errorResponses },
      },
    },
    async (request) => listPlanVersions(deps, { principal: principalOf(request), name: request.params.name }),
  );
}
