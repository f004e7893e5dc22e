import { fieldsOfJsonSchema, type ToolInfo, type ToolOptionInfo } from '@renum/contracts';
import type { OptionValue } from './tool-options.ts';

/** What the test dialog needs of a tool being edited: its saved options as field values, and its flag. */
export interface TestableDraft {
  options: Record<string, OptionValue>;
  /** The tool's resolved `critical` flag (needs approval). */
  critical: boolean;
}

/** An HTTP tool's `parameters` (JSON Schema, written as JSON in its option) summarised as fields. */
function httpParameters(draft: TestableDraft): ToolOptionInfo[] {
  try {
    return fieldsOfJsonSchema(JSON.parse(String(draft.options.parameters ?? '{}')) ?? {});
  } catch {
    return [];
  }
}

/**
 * Whether the editor offers "Test" (ADR 0066, the server decides the same): a tool without side
 * effects that needs no approval; an HTTP tool only when its method is GET.
 */
export function isTestable(tool: ToolInfo, draft: TestableDraft): boolean {
  if (!tool.testable || draft.critical) return false;
  if (tool.name !== 'http_request') return true;
  return String(draft.options.method || 'GET') === 'GET';
}

/** The name a test calls the tool by: an HTTP tool's own name, else the catalog's. */
export function testToolName(tool: ToolInfo, draft: TestableDraft): string {
  return tool.name === 'http_request' ? String(draft.options.name ?? '') : tool.name;
}

/** The fields of one call: the catalog's input summary, or an HTTP tool's `parameters`. */
export function testFields(tool: ToolInfo, draft: TestableDraft): ToolOptionInfo[] {
  return tool.name === 'http_request' ? httpParameters(draft) : tool.input;
}
