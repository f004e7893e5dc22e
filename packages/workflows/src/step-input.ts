import {
  structuredAnswerInstruction,
  type WorkflowDefinition,
  type WorkflowInput,
  type WorkflowStep,
} from '@renum/contracts';
import { resultKey } from './context-field.ts';
import { resultText } from './step-result.ts';

const initialPromptInput: WorkflowInput = { source: 'initial_prompt' };

/** A step's input, `initial_prompt` when the definition leaves it out. */
export function stepInput(step: WorkflowStep): WorkflowInput {
  return step.input ?? initialPromptInput;
}

/** The agents whose results a step's input reads. */
export function inputAgentIds(input: WorkflowInput): string[] {
  if (input.source === 'agent_result') return [input.agent_id.toLowerCase()];
  if (input.source === 'combined')
    return input.sources.flatMap((part) =>
      part.type === 'agent_result' ? [part.agent_id.toLowerCase()] : [],
    );
  return [];
}

/** True when every result the step's input reads is in the context. */
export function inputReady(step: WorkflowStep, context: Readonly<Record<string, unknown>>): boolean {
  return inputAgentIds(stepInput(step)).every((agentId) => Object.hasOwn(context, resultKey(agentId)));
}

/**
 * The text a step's agent is asked (seed 002 `_prepare_agent_prompt`): the initial prompt, an earlier
 * agent's result, or each source under a heading naming its role. With an output schema, the agent is
 * also told to answer with JSON that fits it.
 */
export function resolveStepInput(options: {
  definition: WorkflowDefinition;
  step: WorkflowStep;
  context: Readonly<Record<string, unknown>>;
}): string {
  const { definition, step, context } = options;
  const input = stepInput(step);
  const initial = resultText(context.initial_prompt ?? '');
  const resultOf = (agentId: string) => resultText(context[resultKey(agentId.toLowerCase())] ?? '');
  const roleOf = (agentId: string) =>
    definition.agents.find((other) => other.agent_id.toLowerCase() === agentId.toLowerCase())?.role ??
    agentId;
  let text: string;
  if (input.source === 'initial_prompt') text = initial;
  else if (input.source === 'agent_result') text = resultOf(input.agent_id);
  else
    text = input.sources
      .map((part) =>
        part.type === 'initial_prompt'
          ? `## initial prompt\n${initial}`
          : `## ${roleOf(part.agent_id)}\n${resultOf(part.agent_id)}`,
      )
      .join('\n\n');
  if (!step.output_schema) return text;
  return `${text}\n\n${structuredAnswerInstruction}\n${JSON.stringify(step.output_schema)}`;
}
