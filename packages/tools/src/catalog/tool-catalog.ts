import { AppError } from '@renum/contracts';
import { z } from 'zod';
import { stableStringify } from '../cache/stable-json.ts';
import type { ProxyTool } from '../proxy/proxy-tool.ts';
import { createBoundedMemo } from './bounded-memo.ts';
import { createHttpRequestTool } from './http-request-tool.ts';
import {
  type ResolvedToolServicesConfig,
  resolveToolServicesConfig,
  type ToolServicesConfig,
} from './service-config.ts';
import { createWebScrapeTool } from './web-scrape-tool.ts';
import { createWebSearchTool } from './web-search-tool.ts';
import { createWhatsAppSendMessageTool } from './whatsapp-send-message-tool.ts';

/**
 * A tool an agent enabled, with its options. For `http_request`, `options` is the client-defined tool
 * (`HttpToolDefinition`) and the tool is called by the definition's own `name`.
 */
export interface EnabledTool {
  readonly name: string;
  readonly options?: unknown;
  /** The agent's top-level `critical` flag; overrides the tool's default when set. */
  readonly critical?: boolean | undefined;
}

/** Names of the tools the catalog builds; `http_request` is the kind of client-defined HTTP tools. */
export const proxyToolKinds = ['web_search', 'web_scrape', 'whatsapp_send_message', 'http_request'] as const;

/** One of {@link proxyToolKinds}. */
export type ProxyToolKind = (typeof proxyToolKinds)[number];

/** Builds proxy tools from agents' enabled tools, against the configured services. */
export interface ToolCatalog {
  /** The services' base URLs and prices in use. */
  readonly services: ResolvedToolServicesConfig;
  /** True when `name` is a kind this catalog builds (other tools, such as built-ins, are not its business). */
  has(name: string): name is ProxyToolKind;
  /**
   * Builds one tool.
   * @throws AppError `VALIDATION_ERROR` for an unknown kind or invalid options, with the issues in `details`
   */
  create(entry: EnabledTool): ProxyTool;
  /**
   * Builds every entry, refusing two tools with one name (two HTTP tools, or an HTTP tool named like a
   * catalog tool).
   * @throws AppError `VALIDATION_ERROR`
   */
  createAll(entries: readonly EnabledTool[]): ProxyTool[];
}

function invalidOptions(name: string, error: z.ZodError): AppError {
  const details = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = details.map((detail) => `${detail.path || 'options'}: ${detail.message}`).join('; ');
  return new AppError('VALIDATION_ERROR', `Invalid options for tool ${name}: ${summary}`, {
    context: { tool: name, details },
    cause: error,
  });
}

/** Built tools a catalog keeps (an HTTP tool's compiled parameters are the costly part). */
const builtToolsKept = 500;

/**
 * Creates a {@link ToolCatalog}; base URLs default to the services' real public endpoints. Each tool
 * is built (options checked, an HTTP tool's JSON schema compiled) once per distinct options and kept in
 * a bounded memo keyed by their stable JSON, so runs and tool-proxy calls reuse it instead of
 * compiling it again.
 */
export function createToolCatalog(config: ToolServicesConfig = {}): ToolCatalog {
  const services = resolveToolServicesConfig(config);
  const kinds: ReadonlySet<string> = new Set(proxyToolKinds);
  const built = createBoundedMemo<ProxyTool>(builtToolsKept);

  const build = (entry: EnabledTool): ProxyTool => {
    // Each builder validates its own options with its schema.
    const options = (entry.options ?? {}) as never;
    switch (entry.name as ProxyToolKind) {
      case 'web_search':
        return createWebSearchTool(services, options) as ProxyTool;
      case 'web_scrape':
        return createWebScrapeTool(services, options) as ProxyTool;
      case 'whatsapp_send_message':
        return createWhatsAppSendMessageTool(services, options) as ProxyTool;
      case 'http_request': {
        const tool = createHttpRequestTool(options);
        if (kinds.has(tool.name)) {
          throw new AppError('VALIDATION_ERROR', `An HTTP tool cannot be named ${tool.name}`, {
            context: { tool: tool.name },
          });
        }
        return tool as ProxyTool;
      }
      default:
        throw new AppError('VALIDATION_ERROR', `Unknown tool ${entry.name}`, {
          context: { tool: entry.name },
        });
    }
  };

  const create = (entry: EnabledTool): ProxyTool => {
    try {
      const key = `${entry.name}\u0000${stableStringify(entry.options ?? {})}`;
      const tool = built.get(key, () => build(entry));
      return entry.critical === undefined ? tool : { ...tool, critical: entry.critical };
    } catch (error) {
      if (error instanceof z.ZodError) throw invalidOptions(entry.name, error);
      throw error;
    }
  };

  return {
    services,
    has: (name): name is ProxyToolKind => kinds.has(name),
    create,
    createAll(entries) {
      const tools = entries.map(create);
      const seen = new Set<string>();
      for (const tool of tools) {
        if (seen.has(tool.name)) {
          throw new AppError('VALIDATION_ERROR', `Two enabled tools are named ${tool.name}`, {
            context: { tool: tool.name },
          });
        }
        seen.add(tool.name);
      }
      return tools;
    },
  };
}
