import {
  createTeamSchema,
  executeTeamResponseSchema,
  executeTeamSchema,
  pageQuerySchema,
  pageSchema,
  type RunEvent,
  teamExecutionContextSchema,
  teamExecutionEventsQuerySchema,
  teamExecutionSchema,
  teamSchema,
  updateTeamSchema,
  validateWorkflowSchema,
  workflowValidationSchema,
} from '@renum/contracts';
import {
  cancelExecution,
  createTeam,
  deleteTeam,
  executeTeam,
  followExecutionEvents,
  getExecution,
  getExecutionContext,
  getTeam,
  listExecutions,
  listTeams,
  type RunDeps,
  type RunManager,
  teamEngineDeps,
  updateTeam,
  validateTeamWorkflow,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import { openSse, resumeSeq } from '../plugins/sse.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, idempotencyKeyHeaders, security } from './route-schemas.ts';

const idParams = z.object({ id: z.string() });

/** Teams of agents (seed 002): CRUD, executions and their live events. */
export async function teamRoutes(
  instance: FastifyInstance,
  context: RouteContext & { run: RunDeps; manager: RunManager },
) {
  const { deps, run, manager } = context;
  const engine = teamEngineDeps(run, manager);
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['teams'];

  app.get(
    '/v1/teams',
    {
      schema: {
        tags,
        summary: 'List teams, newest first',
        security,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(teamSchema), ...errorResponses },
      },
    },
    async (request) => listTeams(deps, { principal: principalOf(request), query: request.query }),
  );

  app.post(
    '/v1/teams',
    {
      schema: {
        tags,
        summary: 'Create a team; its workflow_definition is validated against your agents',
        security,
        body: createTeamSchema,
        response: { 201: teamSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createTeam(deps, { principal: principalOf(request), input: request.body })),
  );

  app.post(
    '/v1/teams/validate',
    {
      schema: {
        tags,
        summary: 'Check a workflow definition without saving it: every problem with its step and field',
        security,
        body: validateWorkflowSchema,
        response: { 200: workflowValidationSchema, ...errorResponses },
      },
    },
    async (request) =>
      validateTeamWorkflow(deps, {
        principal: principalOf(request),
        definition: request.body.workflow_definition,
      }),
  );

  app.get(
    '/v1/teams/:id',
    {
      schema: {
        tags,
        summary: 'Get a team',
        security,
        params: idParams,
        response: { 200: teamSchema, ...errorResponses },
      },
    },
    async (request) => getTeam(deps, { principal: principalOf(request), teamId: request.params.id }),
  );

  app.patch(
    '/v1/teams/:id',
    {
      schema: {
        tags,
        summary: 'Change a team (running executions keep the plan they started with)',
        security,
        params: idParams,
        body: updateTeamSchema,
        response: { 200: teamSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateTeam(deps, { principal: principalOf(request), teamId: request.params.id, input: request.body }),
  );

  app.delete(
    '/v1/teams/:id',
    {
      schema: {
        tags,
        summary: 'Delete a team and its executions',
        security,
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteTeam(deps, { principal: principalOf(request), teamId: request.params.id });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/teams/:id/executions',
    {
      schema: {
        tags,
        summary:
          'Run a team with a prompt: answers the execution id at once, the steps run in the background',
        security,
        params: idParams,
        headers: idempotencyKeyHeaders('A request retried with the same key answers the first execution'),
        body: executeTeamSchema,
        response: { 202: executeTeamResponseSchema, 402: errorResponses[400], ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(
        await executeTeam(deps, {
          principal: principalOf(request),
          engine,
          teamId: request.params.id,
          initialPrompt: request.body.initial_prompt,
          idempotencyKey: request.headers['idempotency-key'],
        }),
      ),
  );

  app.get(
    '/v1/teams/:id/executions',
    {
      schema: {
        tags,
        summary: 'A team’s executions, newest first, with usage and cost per agent',
        security,
        params: idParams,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(teamExecutionSchema), ...errorResponses },
      },
    },
    async (request) =>
      listExecutions(deps, {
        principal: principalOf(request),
        teamId: request.params.id,
        query: request.query,
      }),
  );

  app.get(
    '/v1/team-executions/:id',
    {
      schema: {
        tags,
        summary: 'Get an execution with its steps, results, usage and cost',
        security,
        params: idParams,
        response: { 200: teamExecutionSchema, ...errorResponses },
      },
    },
    async (request) =>
      getExecution(deps, { principal: principalOf(request), executionId: request.params.id }),
  );

  app.get(
    '/v1/team-executions/:id/context',
    {
      schema: {
        tags,
        summary:
          'Get an execution’s shared context (the initial prompt and each finished agent’s result), from the Redis cache when it holds it',
        security,
        params: idParams,
        response: { 200: teamExecutionContextSchema, ...errorResponses },
      },
    },
    async (request) =>
      getExecutionContext(deps, {
        principal: principalOf(request),
        cache: run.teamContext,
        executionId: request.params.id,
      }),
  );

  app.post(
    '/v1/team-executions/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an execution: running steps are stopped, the others skipped',
        security,
        params: idParams,
        response: { 200: teamExecutionSchema, ...errorResponses },
      },
    },
    async (request) =>
      cancelExecution(deps, {
        principal: principalOf(request),
        engine,
        manager,
        executionId: request.params.id,
      }),
  );

  app.get(
    '/v1/team-executions/:id/events',
    {
      schema: {
        tags,
        summary:
          'Stream an execution’s events (SSE): step_start, step_end and each step’s own events, one sequence per execution',
        security,
        params: idParams,
        querystring: teamExecutionEventsQuerySchema.partial(),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const found = await getExecution(deps, { principal, executionId: request.params.id });
      const afterSeq = resumeSeq(request, request.query.after_seq);
      const stream = openSse(request, reply, { runId: found.id, conversationId: null, afterSeq });
      await followExecutionEvents({
        db: deps.db,
        bus: run.bus,
        clientId: principal.clientId!,
        executionId: found.id,
        afterSeq,
        // Same framing as a run's stream: `id: <seq>`, `event: <type>`, `data: <json>`.
        onEvent: (event) => stream.send(event as unknown as RunEvent),
        signal: stream.signal,
        stopAfterReplay: !['pending', 'running'].includes(found.status),
      });
      stream.end();
      return reply;
    },
  );
}
