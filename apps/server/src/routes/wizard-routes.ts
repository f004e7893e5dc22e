import {
  publicationSchema,
  type WizardStepNumber,
  wizardStartSchema,
  wizardStateSchema,
  wizardStepNumbers,
  wizardStepSchemas,
} from '@renum/contracts';
import {
  getPublication,
  getWizard,
  publishAgent,
  saveWizardStep,
  startWizard,
  type WizardStepInput,
} from '@renum/platform';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

const wizardParams = z.object({ id: z.string() });

const stepSummaries: Record<WizardStepNumber, string> = {
  1: 'Wizard step 1: name, template and niche',
  2: 'Wizard step 2: personality and tone (generates the system prompt)',
  3: 'Wizard step 3: custom fields (the prompt variables {{config.<key>}})',
  4: 'Wizard step 4: channel, tools, knowledge bases, WhatsApp number, visibility',
};

/** The agent creation wizard of seed 003 flow 1: start, four steps, publish. */
export async function wizardRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const tags = ['wizard'];
  app.post(
    '/v1/agents/wizard/start',
    {
      schema: {
        tags,
        summary: 'Start the wizard: creates a draft agent whose id is the wizard id (body optional)',
        security,
        body: wizardStartSchema.nullish(),
        response: { 201: wizardStateSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await startWizard(deps, { principal: principalOf(request), input: request.body ?? {} })),
  );
  app.get(
    '/v1/agents/wizard/:id',
    {
      schema: {
        tags,
        summary: 'Where a wizard stands: its draft agent and its saved steps',
        security,
        params: wizardParams,
        response: { 200: wizardStateSchema, ...errorResponses },
      },
    },
    async (request) => getWizard(deps, { principal: principalOf(request), agentId: request.params.id }),
  );
  for (const step of wizardStepNumbers) {
    app.put(
      `/v1/agents/wizard/:id/step/${step}`,
      {
        schema: {
          tags,
          summary: stepSummaries[step],
          security,
          params: wizardParams,
          body: wizardStepSchemas[step],
          response: { 200: wizardStateSchema, ...errorResponses },
        },
      },
      async (request) =>
        saveWizardStep(deps, {
          principal: principalOf(request),
          agentId: request.params.id,
          input: { step, data: request.body } as WizardStepInput,
        }),
    );
  }
  app.post(
    '/v1/agents/wizard/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish the agent: active, unique slug, public URL, QR code and embed snippet',
        security,
        params: wizardParams,
        response: { 200: publicationSchema, ...errorResponses },
      },
    },
    async (request) => publishAgent(deps, { principal: principalOf(request), agentId: request.params.id }),
  );
  app.get(
    '/v1/agents/:id/publication',
    {
      schema: {
        tags,
        summary: "An agent's publication: public URL, QR code, embed snippet, WhatsApp webhook",
        security,
        params: wizardParams,
        response: { 200: publicationSchema, ...errorResponses },
      },
    },
    async (request) => getPublication(deps, { principal: principalOf(request), agentId: request.params.id }),
  );
}
