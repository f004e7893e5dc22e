import { randomUUID } from 'node:crypto';
import { type WorkflowDefinition, workflowDefinitionSchema } from '@renum/contracts';
import { describe, expect, it } from 'vitest';
import { validateWorkflow } from '../src/index.ts';

const [classifier, technical, billing, stranger] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const known = new Set([classifier, technical, billing]);

/** Seed 002's conditional example with real ids. */
function seedConditional(): WorkflowDefinition {
  return workflowDefinitionSchema.parse({
    type: 'conditional',
    agents: [
      { agent_id: classifier, role: 'classifier', input: { source: 'initial_prompt' } },
      {
        agent_id: technical,
        role: 'technical_support',
        conditions: [
          { field: `agent_${classifier}_result.category`, operator: 'equals', value: 'technical' },
        ],
        input: { source: 'agent_result', agent_id: classifier },
      },
      {
        agent_id: billing,
        role: 'billing_support',
        conditions: [{ field: `agent_${classifier}_result.category`, operator: 'equals', value: 'billing' }],
        input: { source: 'agent_result', agent_id: classifier },
      },
    ],
  });
}

const validate = (definition: WorkflowDefinition) => validateWorkflow({ definition, knownAgentIds: known });

describe('validateWorkflow', () => {
  it('accepts the seed’s sequential and conditional examples', () => {
    expect(validate(seedConditional())).toEqual([]);
    const sequential = workflowDefinitionSchema.parse({
      type: 'sequential',
      agents: [
        { agent_id: classifier, role: 'researcher', input: { source: 'initial_prompt' } },
        { agent_id: technical, role: 'analyst', input: { source: 'agent_result', agent_id: classifier } },
        {
          agent_id: billing,
          role: 'writer',
          input: {
            source: 'combined',
            sources: [
              { type: 'agent_result', agent_id: classifier },
              { type: 'agent_result', agent_id: technical },
            ],
          },
        },
      ],
    });
    expect(validate(sequential)).toEqual([]);
  });

  it('refuses a team with no step', () => {
    expect(validate({ type: 'sequential', agents: [] })).toEqual([
      { field: 'agents', message: 'A team needs at least one step', step: null },
    ]);
  });

  it('refuses an unknown agent (another client’s included) and an agent twice, naming the step', () => {
    const problems = validate({
      type: 'sequential',
      agents: [
        { agent_id: classifier, role: 'a' },
        { agent_id: stranger, role: 'b' },
        { agent_id: classifier, role: 'c' },
      ],
    });
    expect(problems).toEqual([
      { field: 'agents.1.agent_id', message: `Agent ${stranger} not found`, step: 1 },
      expect.objectContaining({ field: 'agents.2.agent_id', step: 2 }),
    ]);
  });

  it('refuses an input that reads an agent not earlier in the flow', () => {
    const problems = validate({
      type: 'sequential',
      agents: [
        { agent_id: classifier, role: 'a', input: { source: 'agent_result', agent_id: technical } },
        {
          agent_id: technical,
          role: 'b',
          input: {
            source: 'combined',
            sources: [{ type: 'initial_prompt' }, { type: 'agent_result', agent_id: billing }],
          },
        },
        { agent_id: billing, role: 'c' },
      ],
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'agents.0.input.agent_id',
      'agents.1.input.sources.1.agent_id',
    ]);
    expect(problems[0]?.message).toContain('not an earlier step');
  });

  it('refuses result inputs in a parallel team', () => {
    const problems = validate({
      type: 'parallel',
      agents: [
        { agent_id: classifier, role: 'a' },
        { agent_id: technical, role: 'b', input: { source: 'agent_result', agent_id: classifier } },
      ],
    });
    expect(problems).toEqual([expect.objectContaining({ field: 'agents.1.input.agent_id', step: 1 })]);
  });

  it('refuses an unknown operator, a value the operator cannot use, and conditions outside a conditional team', () => {
    const definition = seedConditional();
    definition.agents[1]!.conditions = [
      { field: `agent_${classifier}_result.category`, operator: 'matches', value: 'x' },
      { field: `agent_${classifier}_result.score`, operator: 'gt', value: 'high' },
      { field: `agent_${classifier}_result.category`, operator: 'in', value: 'billing' },
    ];
    expect(validate(definition)).toEqual([
      expect.objectContaining({ field: 'agents.1.conditions.0.operator', step: 1 }),
      { field: 'agents.1.conditions.1.value', message: 'gt needs a number', step: 1 },
      { field: 'agents.1.conditions.2.value', message: 'in needs a list of values', step: 1 },
    ]);
    expect(validate({ ...seedConditional(), type: 'sequential' }).map((p) => p.field)).toEqual([
      'agents.1.conditions',
      'agents.2.conditions',
    ]);
  });

  it('refuses a condition on a result no earlier step produces', () => {
    const definition = seedConditional();
    definition.agents[1]!.conditions = [
      { field: `agent_${billing}_result.category`, operator: 'equals', value: 'x' },
      { field: 'category', operator: 'equals', value: 'x' },
    ];
    const problems = validate(definition);
    expect(problems.map((problem) => problem.field)).toEqual([
      'agents.1.conditions.0.field',
      'agents.1.conditions.1.field',
    ]);
    expect(problems[0]?.message).toContain('No earlier step produces');
  });

  it('reports an output schema’s problems on its step', () => {
    const definition = seedConditional();
    definition.agents[0]!.output_schema = { type: 'bogus' };
    const problems = validateWorkflow({
      definition,
      knownAgentIds: known,
      checkOutputSchema: (schema) => (schema.type === 'bogus' ? ['unknown type bogus'] : []),
    });
    expect(problems).toEqual([{ field: 'agents.0.output_schema', message: 'unknown type bogus', step: 0 }]);
  });
});
