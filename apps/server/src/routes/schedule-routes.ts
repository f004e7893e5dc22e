import {
  createScheduleSchema,
  idParamsSchema,
  listScheduleExecutionsQuerySchema,
  listSchedulesQuerySchema,
  pageSchema,
  scheduleExecutionSchema,
  schedulePreviewInputSchema,
  schedulePreviewSchema,
  scheduleSchema,
  timestampSchema,
  updateScheduleSchema,
  uuidSchema,
} from '@renum/contracts';
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listScheduleExecutions,
  listSchedules,
  previewSchedule,
  type RunDeps,
  runScheduleNow,
  updateSchedule,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

const tags = ['schedules'];
const runNowSchema = z
  .object({ schedule_id: uuidSchema, tick_at: timestampSchema })
  .meta({ id: 'ScheduleRunNow' });

/** Scheduled jobs (issue 15, seed 004 #4): CRUD, pause and resume, run now, preview and history. */
export async function scheduleRoutes(instance: FastifyInstance, context: RouteContext & { run: RunDeps }) {
  const { deps, run } = context;
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/schedules',
    {
      schema: {
        tags,
        summary: 'List schedules',
        security,
        querystring: listSchedulesQuerySchema,
        response: { 200: pageSchema(scheduleSchema), ...errorResponses },
      },
    },
    async (request) => listSchedules(deps, { principal: principalOf(request), query: request.query }),
  );
  app.post(
    '/v1/schedules',
    {
      schema: {
        tags,
        summary: 'Create a schedule (a cron expression or an interval, in an IANA time zone)',
        security,
        body: createScheduleSchema,
        response: { 201: scheduleSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createSchedule(deps, { principal: principalOf(request), input: request.body })),
  );
  app.post(
    '/v1/schedules/preview',
    {
      schema: {
        tags,
        summary: 'The next five fire times of a cron expression or interval (nothing is stored)',
        security,
        body: schedulePreviewInputSchema,
        response: { 200: schedulePreviewSchema, ...errorResponses },
      },
    },
    async (request) => previewSchedule(deps, { principal: principalOf(request), input: request.body }),
  );
  app.get(
    '/v1/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Get a schedule with its next five fire times',
        security,
        params: idParamsSchema,
        response: { 200: scheduleSchema, ...errorResponses },
      },
    },
    async (request) => getSchedule(deps, { principal: principalOf(request), scheduleId: request.params.id }),
  );
  app.patch(
    '/v1/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Change a schedule',
        security,
        params: idParamsSchema,
        body: updateScheduleSchema,
        response: { 200: scheduleSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateSchedule(deps, {
        principal: principalOf(request),
        scheduleId: request.params.id,
        input: request.body,
      }),
  );
  for (const [action, enabled] of [
    ['pause', false],
    ['resume', true],
  ] as const) {
    app.post(
      `/v1/schedules/:id/${action}`,
      {
        schema: {
          tags,
          summary: enabled
            ? 'Resume a schedule from its next tick (ticks missed while paused are not run)'
            : 'Pause a schedule',
          security,
          params: idParamsSchema,
          response: { 200: scheduleSchema, ...errorResponses },
        },
      },
      async (request) =>
        updateSchedule(deps, {
          principal: principalOf(request),
          scheduleId: request.params.id,
          input: { enabled },
        }),
    );
  }
  app.post(
    '/v1/schedules/:id/run',
    {
      schema: {
        tags,
        summary: 'Run a schedule once now (its execution appears in the history)',
        security,
        params: idParamsSchema,
        response: { 202: runNowSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(
        await runScheduleNow(deps, {
          principal: principalOf(request),
          jobs: run.jobs,
          scheduleId: request.params.id,
        }),
      ),
  );
  app.get(
    '/v1/schedules/:id/executions',
    {
      schema: {
        tags,
        summary: "A schedule's history: each tick with its run",
        security,
        params: idParamsSchema,
        querystring: listScheduleExecutionsQuerySchema,
        response: { 200: pageSchema(scheduleExecutionSchema), ...errorResponses },
      },
    },
    async (request) =>
      listScheduleExecutions(deps, {
        principal: principalOf(request),
        scheduleId: request.params.id,
        query: request.query,
      }),
  );
  app.delete(
    '/v1/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a schedule and its history (its runs stay)',
        security,
        params: idParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteSchedule(deps, { principal: principalOf(request), scheduleId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
