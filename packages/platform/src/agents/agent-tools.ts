import { type AgentTool, AppError } from '@renum/contracts';
import { type agents, promptTemplateVersions, type Transaction } from '@renum/db';
import {
  createToolCatalog,
  httpToolDefinitionSchema,
  webScrapeOptionsSchema,
  webSearchOptionsSchema,
  whatsAppSendMessageOptionsSchema,
} from '@renum/tools';
import { eq } from 'drizzle-orm';
import { toWire } from '../wire.ts';

/** An enabled tool as stored on the agent and shown by the API: `critical` is always resolved. */
export interface StoredAgentTool {
  name: string;
  options?: Record<string, unknown>;
  critical: boolean;
}

/**
 * Only the tools' option schemas and defaults are read here, which do not depend on the services'
 * URLs, so the default catalog serves every deployment.
 */
const catalog = createToolCatalog();

/**
 * The flag a tool has when the agent does not set `critical` at the top level: the tool's own default
 * (`whatsapp_send_message` is critical unless its options say otherwise; an HTTP tool follows its
 * definition's `critical`; the rest are not).
 */
function defaultCritical(tool: { name: string; options?: unknown }): boolean {
  if (!catalog.has(tool.name)) return false;
  try {
    return catalog.create({ name: tool.name, options: tool.options ?? {} }).critical;
  } catch {
    // Rows saved before options were validated at save time: show them as not critical rather than fail.
    return false;
  }
}

/**
 * The option keys each tool understands. The tools' own schemas strip unknown keys (so rows saved
 * before this check still run); saving refuses them instead, since a misspelt `credentail_name` would
 * otherwise be stored and silently ignored. The built-ins take no options.
 */
const optionKeys: Record<AgentTool['name'], ReadonlySet<string>> = {
  calculator: new Set(),
  current_time: new Set(),
  web_search: new Set(Object.keys(webSearchOptionsSchema.shape)),
  web_scrape: new Set(Object.keys(webScrapeOptionsSchema.shape)),
  whatsapp_send_message: new Set(Object.keys(whatsAppSendMessageOptionsSchema.shape)),
  http_request: new Set(Object.keys(httpToolDefinitionSchema.shape)),
};

/**
 * Refuses option keys the tool does not know, naming each one's field (`body.tools.0.options.foo`).
 * @throws AppError `VALIDATION_ERROR`
 */
function assertKnownOptionKeys(tools: readonly AgentTool[]): void {
  const details = tools.flatMap((tool, index) =>
    Object.keys(tool.options ?? {})
      .filter((key) => !optionKeys[tool.name].has(key))
      .map((key) => ({
        field: `body.tools.${index}.options.${key}`,
        message: `Unknown option of ${tool.name}`,
      })),
  );
  if (details.length === 0) return;
  throw new AppError('VALIDATION_ERROR', `Invalid ${details[0]!.field}: ${details[0]!.message}`, {
    context: { details },
  });
}

/**
 * Re-addresses a catalog refusal to the tool's place in the body: each issue of its options becomes a
 * `details` entry with `field` like `body.tools.0.options.parameters.properties.url.pattern`, the shape
 * every other validation error has, so a form can show it beside the tool.
 */
function atTool(error: AppError, index: number): AppError {
  const base = `body.tools.${index}`;
  const issues = Array.isArray(error.context.details)
    ? (error.context.details as { path?: unknown; message?: unknown }[])
    : [];
  const details =
    issues.length > 0
      ? issues.map((issue) => ({
          field: [base, 'options', issue.path].filter(Boolean).join('.'),
          message: String(issue.message),
        }))
      : [{ field: base, message: error.message }];
  return new AppError('VALIDATION_ERROR', `Invalid ${details[0]!.field}: ${details[0]!.message}`, {
    context: { ...error.context, details },
    cause: error,
  });
}

/**
 * Validates an agent's tools as they are saved (options of outbound tools against the catalog's
 * schemas, an HTTP tool's JSON-schema parameters compiled by `compileClientJsonSchema`, no two tools
 * with one name, no option key the tool does not know) and resolves each one's `critical` flag: the top-level flag when given, else the
 * tool's default. Storing the resolved flag means the approval flow (seed 004 #2) reads one place.
 * @throws AppError `VALIDATION_ERROR` with the tool and `details` naming each field
 *   (`body.tools.<index>.options...`)
 */
export function resolveAgentTools(tools: readonly AgentTool[]): StoredAgentTool[] {
  assertKnownOptionKeys(tools);
  const built = new Map<AgentTool, boolean>();
  tools.forEach((tool, index) => {
    if (!catalog.has(tool.name)) return;
    try {
      built.set(tool, catalog.create({ name: tool.name, options: tool.options ?? {} }).critical);
    } catch (error) {
      throw AppError.isInstance(error) && error.code === 'VALIDATION_ERROR' ? atTool(error, index) : error;
    }
  });
  // Each tool is valid alone; this refuses two with one name (built tools are memoised, so not rebuilt).
  catalog.createAll(
    tools.filter((tool) => built.has(tool)).map((tool) => ({ name: tool.name, options: tool.options ?? {} })),
  );
  return tools.map((tool) => {
    const critical = tool.critical ?? built.get(tool) ?? false;
    return { name: tool.name, ...(tool.options === undefined ? {} : { options: tool.options }), critical };
  });
}

/** An agent's tools for the wire, with `critical` filled in for rows stored without it. */
export function agentToolsToWire(
  tools: readonly { name: string; options?: Record<string, unknown>; critical?: boolean }[],
): StoredAgentTool[] {
  return tools.map((tool) => ({ ...tool, critical: tool.critical ?? defaultCritical(tool) }));
}

/** An agent row as the API sends it. */
export function agentToWire(row: typeof agents.$inferSelect) {
  return { ...toWire(row), tools: agentToolsToWire(row.tools) };
}

/**
 * Throws `404 PROMPT_TEMPLATE_NOT_FOUND` (field `prompt_template_version_id`) unless `versionId` is
 * null, absent, or a version of one of the client's templates (RLS scopes the lookup).
 */
export async function assertTemplateVersion(
  tx: Transaction,
  versionId: string | null | undefined,
): Promise<void> {
  if (!versionId) return;
  const [found] = await tx
    .select({ id: promptTemplateVersions.id })
    .from(promptTemplateVersions)
    .where(eq(promptTemplateVersions.id, versionId));
  if (!found) {
    throw new AppError('PROMPT_TEMPLATE_NOT_FOUND', 'Prompt template version not found', {
      context: { field: 'prompt_template_version_id', prompt_template_version_id: versionId },
    });
  }
}
