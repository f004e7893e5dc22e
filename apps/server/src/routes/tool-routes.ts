import {
  errorBodySchema,
  fieldsOfJsonSchema,
  type JsonSchemaObject,
  type ToolInfo,
  type ToolOptionInfo,
  toolInfoSchema,
  toolProxyResultSchema,
  toolTestBodySchema,
  toolTestParamsSchema,
} from '@renum/contracts';
import { type RunDeps, testAgentTool } from '@renum/platform';
import { createBuiltinTools } from '@renum/runtime';
import {
  httpToolDefinitionSchema,
  webScrapeInputSchema,
  webScrapeOptionsSchema,
  webSearchInputSchema,
  webSearchOptionsSchema,
  whatsAppSendMessageInputSchema,
  whatsAppSendMessageOptionsSchema,
} from '@renum/tools';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

/** What the tool routes need: the process's tool proxy and catalog, as runs use them (the test call). */
export interface ToolRouteContext extends RouteContext {
  run: Pick<RunDeps, 'tools'>;
}

/** The top-level options of a tool's option schema, read from its JSON Schema (input side). */
function summariseOptions(schema: z.ZodType): ToolOptionInfo[] {
  return fieldsOfJsonSchema(
    z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaObject,
  );
}

const builtinInput = (name: string): ToolOptionInfo[] => {
  const tool = createBuiltinTools().find((candidate) => candidate.name === name);
  return tool ? summariseOptions(tool.inputSchema) : [];
};

/**
 * Built once: the catalog is static. `critical_default` mirrors the platform's resolution
 * (packages/platform/src/agents/agent-tools.ts): WhatsApp messages reach real people, so they need
 * approval unless the agent says otherwise; an HTTP tool follows its definition (not critical unless set).
 */
const tools: ToolInfo[] = [
  {
    name: 'calculator',
    kind: 'builtin',
    description: 'Evaluates arithmetic expressions exactly.',
    critical_default: false,
    options: [],
    input: builtinInput('calculator'),
    testable: true,
  },
  {
    name: 'current_time',
    kind: 'builtin',
    description: 'The current date and time in a time zone.',
    critical_default: false,
    options: [],
    input: builtinInput('current_time'),
    testable: true,
  },
  {
    name: 'web_search',
    kind: 'outbound',
    description: 'Searches the web (Tavily) and returns titles, links and snippets.',
    critical_default: false,
    options: summariseOptions(webSearchOptionsSchema),
    input: summariseOptions(webSearchInputSchema),
    testable: true,
  },
  {
    name: 'web_scrape',
    kind: 'outbound',
    description: 'Reads a web page (Firecrawl) as Markdown.',
    critical_default: false,
    options: summariseOptions(webScrapeOptionsSchema),
    input: summariseOptions(webScrapeInputSchema),
    testable: true,
  },
  {
    name: 'whatsapp_send_message',
    kind: 'outbound',
    description: 'Sends a WhatsApp message through the WhatsApp Cloud API.',
    critical_default: true,
    options: summariseOptions(whatsAppSendMessageOptionsSchema),
    input: summariseOptions(whatsAppSendMessageInputSchema),
    testable: false,
  },
  {
    name: 'http_request',
    kind: 'outbound',
    description: 'Calls an HTTP API the client defines (method, URL, parameters, authentication).',
    critical_default: false,
    options: summariseOptions(httpToolDefinitionSchema),
    input: [],
    testable: true,
  },
];

/** The tools an agent can enable, for the builder's tool picker. */
export async function toolRoutes(instance: FastifyInstance, context: ToolRouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/v1/tools',
    {
      schema: {
        tags: ['agents'],
        summary: 'Tools an agent can enable: built-ins and outbound tools, with their options',
        security: [{ bearer: [] }, { apiKey: [] }],
        response: { 200: z.object({ data: z.array(toolInfoSchema) }), 401: errorBodySchema },
      },
    },
    async () => ({ data: tools }),
  );
  app.post(
    '/v1/agents/:id/tools/:tool/test',
    {
      schema: {
        tags: ['agents'],
        summary:
          'Test one call of an enabled tool without side effects (refused with 403 TOOL_NOT_TESTABLE: WhatsApp, HTTP tools other than GET, tools needing approval)',
        description:
          'Runs ONE call with the agent’s saved options and the client’s credential through the tool proxy (egress guard, breaker, metering to the client), outside any run (ADR 0066). ' +
          'The input is validated against the tool’s schema (400 VALIDATION_ERROR, nothing called). A tool’s own failure is a 200 answer with `is_error: true`.',
        security,
        params: toolTestParamsSchema,
        body: toolTestBodySchema,
        response: {
          200: toolProxyResultSchema,
          402: errorBodySchema,
          ...errorResponses,
          503: errorBodySchema,
        },
      },
    },
    async (request) =>
      testAgentTool(context.deps, {
        principal: principalOf(request),
        agentId: request.params.id,
        toolName: request.params.tool,
        input: request.body.input,
        tools: context.run.tools,
      }),
  );
}
