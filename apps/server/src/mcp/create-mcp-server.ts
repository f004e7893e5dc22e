import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { AppError } from '@renum/contracts';
import {
  callMcpTool,
  listMcpTools,
  type McpScope,
  type McpToolDeps,
  type PlatformDeps,
} from '@renum/platform';
import { z } from 'zod';

/** What one MCP request is served with: the caller's scope and the process's tool proxy. */
export interface McpServerOptions {
  deps: PlatformDeps;
  scope: McpScope;
  /** The process's tool proxy and catalog; absent (none configured): the server lists no tool. */
  tools: McpToolDeps | undefined;
  /** Aborted when the HTTP caller goes away (the outbound call stops too). */
  signal: AbortSignal;
}

/** A tool's arguments schema as MCP's JSON Schema (`type: object` at the top, as MCP requires). */
function inputSchemaOf(schema: z.ZodType): { type: 'object'; [key: string]: unknown } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema: _dialect, ...rest } = json;
  return { ...rest, type: 'object' };
}

/**
 * An MCP server (the official SDK's low-level `Server`) exposing exactly the scope's agent's tools
 * (outbound, then built-ins): `tools/list` names them with their schemas; `tools/call` goes through {@link callMcpTool}, so
 * the credential is injected only into the outbound request and the call is metered. Refusals (a tool not
 * enabled, bad arguments, budget) come back as MCP tool errors with the platform's code, never a key.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const server = new Server({ name: 'renum', version: '0.1.0' }, { capabilities: { tools: {} } });
  const { tools } = options;
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: listMcpTools(options.deps, tools, options.scope).map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: inputSchemaOf(tool.inputSchema as z.ZodType),
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    try {
      const result = await callMcpTool(options.deps, {
        scope: options.scope,
        tools,
        toolName: request.params.name,
        input: request.params.arguments ?? {},
        signal: options.signal,
      });
      return {
        content: [{ type: 'text' as const, text: JSON.stringify(result.result) }],
        structuredContent: result as unknown as Record<string, unknown>,
        isError: result.is_error,
      };
    } catch (error) {
      if (!AppError.isInstance(error)) throw error;
      const body = { error: error.message, code: error.code };
      return { content: [{ type: 'text' as const, text: JSON.stringify(body) }], isError: true };
    }
  });
  return server;
}
