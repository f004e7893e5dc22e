import type { ToolDefinition } from '../tool-definition.ts';
import { createCalculatorTool } from './calculator-tool.ts';
import { type CurrentTimeToolOptions, createCurrentTimeTool } from './current-time-tool.ts';

/** Options of {@link createBuiltinTools}. */
export type BuiltinToolsOptions = CurrentTimeToolOptions;

/** The tools every agent may enable without credentials: `calculator` and `current_time`. */
export function createBuiltinTools(options: BuiltinToolsOptions = {}): ToolDefinition[] {
  return [createCalculatorTool(), createCurrentTimeTool(options)] as ToolDefinition[];
}
