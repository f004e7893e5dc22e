import { asSchema, type Schema, type ToolSet, tool } from 'ai';
import type { ToolDefinition, ToolScope } from './tool-definition.ts';

/** Options of {@link toAiSdkTools}. */
export interface ToAiSdkToolsOptions {
  /**
   * Tenancy scope passed to every `execute` call.
   * @defaultValue {}
   */
  readonly scope?: ToolScope;
}

/**
 * The AI SDK converts a zod schema to JSON Schema every time it is handed one unwrapped (about a
 * millisecond for a small schema, on every model call); wrapped once, the conversion is kept.
 */
const wrappedSchemas = new WeakMap<object, Schema<unknown>>();
function cachedSchema(schema: ToolDefinition['inputSchema']): Schema<unknown> {
  let wrapped = wrappedSchemas.get(schema);
  if (!wrapped) {
    wrapped = asSchema(schema) as Schema<unknown>;
    wrappedSchemas.set(schema, wrapped);
  }
  return wrapped;
}

/**
 * Turns Renum tool definitions into an AI SDK `ToolSet` (one `tool()` per definition, keyed by name) for
 * `streamText` / `generateText`. Each call runs the definition's `execute` with the scope, the call id and
 * the abort signal. Approval of `critical` tools is not handled here: the executor decides before it
 * offers or runs them. Throws when two definitions share a name.
 */
export function toAiSdkTools(
  definitions: readonly ToolDefinition[],
  options: ToAiSdkToolsOptions = {},
): ToolSet {
  const tools: ToolSet = {};
  for (const definition of definitions) {
    if (Object.hasOwn(tools, definition.name)) throw new Error(`Duplicate tool name "${definition.name}"`);
    tools[definition.name] = tool({
      description: definition.description,
      inputSchema: cachedSchema(definition.inputSchema),
      execute: (input, { toolCallId, abortSignal }) =>
        definition.execute(input, {
          ...options.scope,
          toolCallId,
          ...(abortSignal === undefined ? {} : { abortSignal }),
        }),
    });
  }
  return tools;
}
