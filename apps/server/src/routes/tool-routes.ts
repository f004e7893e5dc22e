import { errorBodySchema, type ToolInfo, type ToolOptionInfo, toolInfoSchema } from '@renum/contracts';
import {
  httpToolDefinitionSchema,
  webScrapeOptionsSchema,
  webSearchOptionsSchema,
  whatsAppSendMessageOptionsSchema,
} from '@renum/tools';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from './route-context.ts';

interface JsonSchemaProperty {
  type?: string | string[];
  default?: unknown;
  enum?: unknown[];
  description?: string;
}

/** The top-level options of a tool's option schema, read from its JSON Schema (input side). */
function summariseOptions(schema: z.ZodType): ToolOptionInfo[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    type: Array.isArray(property.type) ? property.type.join(' | ') : (property.type ?? 'any'),
    required: required.has(name),
    ...(property.default === undefined ? {} : { default: property.default }),
    ...(property.enum ? { values: property.enum } : {}),
    ...(property.description ? { description: property.description } : {}),
  }));
}

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
  },
  {
    name: 'current_time',
    kind: 'builtin',
    description: 'The current date and time in a time zone.',
    critical_default: false,
    options: [],
  },
  {
    name: 'web_search',
    kind: 'outbound',
    description: 'Searches the web (Tavily) and returns titles, links and snippets.',
    critical_default: false,
    options: summariseOptions(webSearchOptionsSchema),
  },
  {
    name: 'web_scrape',
    kind: 'outbound',
    description: 'Reads a web page (Firecrawl) as Markdown.',
    critical_default: false,
    options: summariseOptions(webScrapeOptionsSchema),
  },
  {
    name: 'whatsapp_send_message',
    kind: 'outbound',
    description: 'Sends a WhatsApp message through the WhatsApp Cloud API.',
    critical_default: true,
    options: summariseOptions(whatsAppSendMessageOptionsSchema),
  },
  {
    name: 'http_request',
    kind: 'outbound',
    description: 'Calls an HTTP API the client defines (method, URL, parameters, authentication).',
    critical_default: false,
    options: summariseOptions(httpToolDefinitionSchema),
  },
];

/** The tools an agent can enable, for the builder's tool picker. */
export async function toolRoutes(instance: FastifyInstance, _context: RouteContext) {
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
}
