import {
  approvalDecisionSchema,
  approvalPolicySchema,
  approvalRequestSchema,
  createApprovalPolicySchema,
  idParamsSchema,
  listApprovalPoliciesQuerySchema,
  listApprovalsQuerySchema,
  pageSchema,
} from '@renum/contracts';
import {
  decideApproval,
  deleteApprovalPolicy,
  getApproval,
  listApprovalPolicies,
  listApprovals,
  type RunDeps,
  setApprovalPolicy,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

const tags = ['approvals'];

/** The approvals inbox and the approval policies (issue 15, seed 004 #2). */
export async function approvalRoutes(instance: FastifyInstance, context: RouteContext & { run: RunDeps }) {
  const { deps, run } = context;
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/approvals',
    {
      schema: {
        tags,
        summary: 'The approvals inbox: pending and decided requests',
        security,
        querystring: listApprovalsQuerySchema,
        response: { 200: pageSchema(approvalRequestSchema), ...errorResponses },
      },
    },
    async (request) => listApprovals(deps, { principal: principalOf(request), query: request.query }),
  );
  app.get(
    '/v1/approvals/:id',
    {
      schema: {
        tags,
        summary: 'One approval request',
        security,
        params: idParamsSchema,
        response: { 200: approvalRequestSchema, ...errorResponses },
      },
    },
    async (request) => getApproval(deps, { principal: principalOf(request), approvalId: request.params.id }),
  );
  app.post(
    '/v1/approvals/:id/decision',
    {
      schema: {
        tags,
        summary:
          'Approve (optionally with edited arguments) or reject a pending request; the first decision wins',
        security,
        params: idParamsSchema,
        body: approvalDecisionSchema,
        response: { 200: approvalRequestSchema, ...errorResponses },
      },
    },
    async (request) =>
      decideApproval(deps, {
        principal: principalOf(request),
        run,
        approvalId: request.params.id,
        input: request.body,
      }),
  );
  app.get(
    '/v1/approval-policies',
    {
      schema: {
        tags,
        summary: "The client's approval policies (with agent_id: that agent's and the client-wide ones)",
        security,
        querystring: listApprovalPoliciesQuerySchema,
        response: { 200: z.object({ data: z.array(approvalPolicySchema) }), ...errorResponses },
      },
    },
    async (request) =>
      listApprovalPolicies(deps, { principal: principalOf(request), agentId: request.query.agent_id }),
  );
  app.post(
    '/v1/approval-policies',
    {
      schema: {
        tags,
        summary: 'Set the approval policy of a tool, for one agent or all (replaces the existing one)',
        security,
        body: createApprovalPolicySchema,
        response: { 200: approvalPolicySchema, ...errorResponses },
      },
    },
    async (request) => setApprovalPolicy(deps, { principal: principalOf(request), input: request.body }),
  );
  app.delete(
    '/v1/approval-policies/:id',
    {
      schema: {
        tags,
        summary: 'Delete an approval policy',
        security,
        params: idParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteApprovalPolicy(deps, { principal: principalOf(request), policyId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
