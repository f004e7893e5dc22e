import type {
  WorkflowCondition,
  WorkflowDefinition,
  WorkflowInput,
  WorkflowProblem,
  WorkflowStep,
} from '@renum/contracts';

/** The definition a new team starts from: one step, asked the initial prompt. */
export function emptyDefinition(): WorkflowDefinition {
  return { type: 'sequential', agents: [] };
}

/** A step's input, `initial_prompt` when left out. */
export function inputOf(step: WorkflowStep): WorkflowInput {
  return step.input ?? { source: 'initial_prompt' };
}

/** The agents a step reads (its input's results and its conditions' fields). */
export function sourcesOf(step: WorkflowStep): string[] {
  const input = inputOf(step);
  const fromInput =
    input.source === 'agent_result'
      ? [input.agent_id]
      : input.source === 'combined'
        ? input.sources.flatMap((part) => (part.type === 'agent_result' ? [part.agent_id] : []))
        : [];
  const fromConditions = (step.conditions ?? []).flatMap((condition) => {
    const match = /^agent_(.+?)_result(\.|$)/.exec(condition.field);
    return match?.[1] ? [match[1]] : [];
  });
  return [...new Set([...fromInput, ...fromConditions])];
}

/**
 * Columns of the left-to-right diagram: a step reading nothing sits right after the prompt; a step
 * reading others sits one column right of the furthest of them; a sequential step follows the previous.
 */
export function stepColumns(definition: WorkflowDefinition): number[] {
  const columns: number[] = [];
  definition.agents.forEach((step, index) => {
    const read = sourcesOf(step)
      .map((agentId) => definition.agents.findIndex((other) => other.agent_id === agentId))
      .filter((position) => position >= 0 && position < index)
      .map((position) => columns[position]!);
    const previous = definition.type === 'sequential' && index > 0 ? [columns[index - 1]!] : [];
    columns.push(Math.max(0, ...read, ...previous) + 1);
  });
  return columns;
}

/** The edges of the diagram: from each step's sources (or the prompt, -1) to the step. */
export function stepEdges(definition: WorkflowDefinition): Array<{ from: number; to: number }> {
  return definition.agents.flatMap((step, index) => {
    const sources = sourcesOf(step)
      .map((agentId) => definition.agents.findIndex((other) => other.agent_id === agentId))
      .filter((position) => position >= 0 && position < index);
    const previous = definition.type === 'sequential' && index > 0 && sources.length === 0 ? [index - 1] : [];
    const from = [...new Set([...sources, ...previous])];
    const readsPrompt = inputOf(step).source !== 'agent_result' && from.length === 0;
    return [...from, ...(readsPrompt || from.length === 0 ? [-1] : [])].map((source) => ({
      from: source,
      to: index,
    }));
  });
}

/** Fields a condition of a step may read: the prompt, and the result of each step before it (`earlier`). */
export function conditionFields(earlier: readonly WorkflowStep[]): string[] {
  return ['initial_prompt', ...earlier.map((step) => `agent_${step.agent_id}_result`)];
}

/** Splits a condition's field into the result it reads and the path after it. */
export function splitField(field: string): { base: string; path: string } {
  const match = /^(agent_.+?_result|initial_prompt)(?:\.(.*))?$/.exec(field);
  return match ? { base: match[1]!, path: match[2] ?? '' } : { base: field, path: '' };
}

/** A condition's value as typed: JSON when it parses (numbers, lists, booleans), else the text. */
export function parseConditionValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A condition's value as shown in its text box. */
export function showConditionValue(condition: WorkflowCondition): string {
  if (condition.value === undefined) return '';
  return typeof condition.value === 'string' ? condition.value : JSON.stringify(condition.value);
}

/** The problems of one step (by index), and those of the team as a whole (step null). */
export function problemsOf(problems: readonly WorkflowProblem[], step: number | null): WorkflowProblem[] {
  return problems.filter((problem) => problem.step === step);
}

/** A step's `output_schema` as shown in its text box: pretty-printed, empty when the step has none. */
export function showOutputSchema(schema: WorkflowStep['output_schema']): string {
  return schema ? JSON.stringify(schema, null, 2) : '';
}

/**
 * An output schema as typed: empty text is no schema (`undefined`), a JSON object is the schema, anything
 * else (not JSON, a list, a string) is `invalid`, as the contract asks for an object.
 */
export function parseOutputSchema(
  text: string,
): { valid: true; schema: Record<string, unknown> | undefined } | { valid: false } {
  if (text.trim() === '') return { valid: true, schema: undefined };
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? { valid: true, schema: parsed as Record<string, unknown> }
      : { valid: false };
  } catch {
    return { valid: false };
  }
}

/** The top-level property names of a step's output schema: the paths a condition can read in its result. */
export function outputProperties(step: WorkflowStep | undefined): string[] {
  const properties = step?.output_schema?.properties;
  return typeof properties === 'object' && properties !== null && !Array.isArray(properties)
    ? Object.keys(properties)
    : [];
}
