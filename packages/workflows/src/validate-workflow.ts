import {
  type WorkflowCondition,
  type WorkflowConditionOperator,
  type WorkflowDefinition,
  type WorkflowProblem,
  workflowConditionOperators,
} from '@renum/contracts';
import { fieldAgentId } from './context-field.ts';
import { stepInput } from './step-input.ts';

/** What the validator needs besides the definition. */
export interface ValidateWorkflowOptions {
  definition: WorkflowDefinition;
  /** Ids (lower case) of the agents the team's client owns: any other agent is unknown. */
  knownAgentIds: ReadonlySet<string>;
  /** Problems of a step's output schema (empty when it is usable). @defaultValue none checked */
  checkOutputSchema?: (schema: Record<string, unknown>) => string[];
}

/**
 * Checks a definition beyond its shape, answering every problem with the step and field it is in:
 * no step, an unknown (or another client's) agent, an agent twice, an input or condition that reads a
 * result no earlier step produces, conditions outside a conditional team, an unknown operator or a value
 * the operator cannot use, an unusable output schema. An empty list means the definition can run.
 */
export function validateWorkflow(options: ValidateWorkflowOptions): WorkflowProblem[] {
  const { definition, knownAgentIds } = options;
  const problems: WorkflowProblem[] = [];
  if (definition.agents.length === 0)
    problems.push({ field: 'agents', message: 'A team needs at least one step', step: null });
  const earlier = new Set<string>();
  definition.agents.forEach((step, index) => {
    const at = (field: string, message: string) => {
      problems.push({ field: `agents.${index}.${field}`, message, step: index });
    };
    const agentId = step.agent_id.toLowerCase();
    if (!knownAgentIds.has(agentId)) at('agent_id', `Agent ${step.agent_id} not found`);
    else if (earlier.has(agentId))
      at('agent_id', `Agent ${step.agent_id} is already a step of this team; each agent runs once`);
    checkInput({ definition, index, earlier, at });
    if (step.conditions?.length && definition.type !== 'conditional')
      at('conditions', `Conditions apply only to conditional teams (this team is ${definition.type})`);
    step.conditions?.forEach((condition, position) => {
      checkCondition(condition, earlier, (field, message) => at(`conditions.${position}.${field}`, message));
    });
    if (step.output_schema && options.checkOutputSchema)
      for (const message of options.checkOutputSchema(step.output_schema)) at('output_schema', message);
    earlier.add(agentId);
  });
  return problems;
}

function checkInput(options: {
  definition: WorkflowDefinition;
  index: number;
  earlier: ReadonlySet<string>;
  at: (field: string, message: string) => void;
}) {
  const { definition, index, earlier, at } = options;
  const input = stepInput(definition.agents[index]!);
  const check = (field: string, agentId: string) => {
    if (definition.type === 'parallel')
      at(field, 'In a parallel team every step starts at once, so no step can read another step’s result');
    else if (!earlier.has(agentId.toLowerCase()))
      at(field, `Agent ${agentId} is not an earlier step of this team, so its result does not exist yet`);
  };
  if (input.source === 'agent_result') check('input.agent_id', input.agent_id);
  if (input.source === 'combined')
    input.sources.forEach((part, position) => {
      if (part.type === 'agent_result') check(`input.sources.${position}.agent_id`, part.agent_id);
    });
}

const operators: ReadonlySet<string> = new Set(workflowConditionOperators);

function checkCondition(
  condition: WorkflowCondition,
  earlier: ReadonlySet<string>,
  at: (field: string, message: string) => void,
) {
  const head = condition.field.split('.')[0];
  const agentId = fieldAgentId(condition.field);
  if (head !== 'initial_prompt' && agentId === null)
    at('field', 'A condition reads initial_prompt or agent_<agent id>_result, optionally followed by .path');
  else if (agentId !== null && !earlier.has(agentId))
    at('field', `No earlier step produces ${head}: agent ${agentId} is not an earlier step of this team`);
  if (!operators.has(condition.operator)) {
    at(
      'operator',
      `Unknown operator ${condition.operator}; use one of ${workflowConditionOperators.join(', ')}`,
    );
    return;
  }
  const problem = valueProblem(condition.operator as WorkflowConditionOperator, condition.value);
  if (problem) at('value', problem);
}

function valueProblem(operator: WorkflowConditionOperator, value: unknown): string | null {
  switch (operator) {
    case 'exists':
      return value === undefined || typeof value === 'boolean'
        ? null
        : 'exists takes true, false or no value';
    case 'in':
    case 'not_in':
      return Array.isArray(value) ? null : `${operator} needs a list of values`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number' && Number.isFinite(value) ? null : `${operator} needs a number`;
    default:
      return value === undefined ? `${operator} needs a value` : null;
  }
}
