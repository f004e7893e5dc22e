import { randomUUID } from 'node:crypto';
import type { WorkflowCondition, WorkflowDefinition } from '@renum/contracts';
import { describe, expect, it } from 'vitest';
import { conditionHolds, parseStepResult, planNextSteps, resolveStepInput, resultKey } from '../src/index.ts';

const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];

describe('conditions', () => {
  const context = {
    initial_prompt: 'Minha fatura veio errada',
    [resultKey(a)]: { category: 'Billing', score: 0.9, tags: ['invoice', 'refund'] },
  };
  const holds = (field: string, operator: string, value?: unknown) =>
    conditionHolds({ field: `${resultKey(a)}.${field}`, operator, value } as WorkflowCondition, context);

  it('evaluates every operator', () => {
    expect(holds('category', 'equals', 'billing')).toBe(true);
    expect(holds('category', 'equals', 'technical')).toBe(false);
    expect(holds('category', 'not_equals', 'technical')).toBe(true);
    expect(holds('tags', 'contains', 'refund')).toBe(true);
    expect(holds('category', 'contains', 'bill')).toBe(true);
    expect(holds('tags', 'not_contains', 'refund')).toBe(false);
    expect(holds('category', 'in', ['billing', 'sales'])).toBe(true);
    expect(holds('category', 'not_in', ['billing'])).toBe(false);
    expect(holds('score', 'gt', 0.5)).toBe(true);
    expect(holds('score', 'gte', 0.9)).toBe(true);
    expect(holds('score', 'lt', 0.9)).toBe(false);
    expect(holds('score', 'lte', 0.9)).toBe(true);
    expect(holds('category', 'gt', 1)).toBe(false);
    expect(holds('category', 'exists')).toBe(true);
  });

  it('treats a missing field as false, except exists: false', () => {
    expect(holds('priority', 'equals', 'high')).toBe(false);
    expect(holds('priority', 'not_equals', 'high')).toBe(false);
    expect(holds('priority', 'exists')).toBe(false);
    expect(holds('priority', 'exists', false)).toBe(true);
    expect(
      conditionHolds({ field: `${resultKey(b)}.category`, operator: 'equals', value: 'x' }, context),
    ).toBe(false);
  });
});

describe('step results and inputs', () => {
  it('keeps JSON answers as JSON (fenced too) and other answers as text', () => {
    expect(parseStepResult('{"category":"billing"}')).toEqual({ category: 'billing' });
    expect(parseStepResult('```json\n{"category":"technical"}\n```')).toEqual({ category: 'technical' });
    expect(parseStepResult('42')).toBe('42');
    expect(parseStepResult('Hello {world}')).toBe('Hello {world}');
  });

  it('resolves initial_prompt, agent_result and combined inputs', () => {
    const definition: WorkflowDefinition = {
      type: 'sequential',
      agents: [
        { agent_id: a, role: 'researcher' },
        { agent_id: b, role: 'analyst', input: { source: 'agent_result', agent_id: a } },
        {
          agent_id: c,
          role: 'writer',
          input: {
            source: 'combined',
            sources: [
              { type: 'agent_result', agent_id: a },
              { type: 'agent_result', agent_id: b },
            ],
          },
          output_schema: { type: 'object' },
        },
      ],
    };
    const context = { initial_prompt: 'topic', [resultKey(a)]: 'facts', [resultKey(b)]: { insight: 1 } };
    expect(resolveStepInput({ definition, step: definition.agents[0]!, context })).toBe('topic');
    expect(resolveStepInput({ definition, step: definition.agents[1]!, context })).toBe('facts');
    const combined = resolveStepInput({ definition, step: definition.agents[2]!, context });
    expect(combined).toContain('## researcher\nfacts\n\n## analyst\n{"insight":1}');
    expect(combined).toContain('JSON schema:\n{"type":"object"}');
  });
});

describe('planNextSteps', () => {
  const steps = (
    type: WorkflowDefinition['type'],
    extra: Partial<WorkflowDefinition> = {},
  ): WorkflowDefinition => ({
    type,
    agents: [
      { agent_id: a, role: 'one' },
      { agent_id: b, role: 'two' },
      { agent_id: c, role: 'three' },
    ],
    ...extra,
  });

  it('sequential: one at a time, stops at a failure', () => {
    const plan = (statuses: Parameters<typeof planNextSteps>[0]['statuses']) =>
      planNextSteps({ definition: steps('sequential'), statuses, context: {} });
    expect(plan(['pending', 'pending', 'pending'])).toEqual({ start: [0], skip: [], done: null });
    expect(plan(['completed', 'running', 'pending'])).toEqual({ start: [], skip: [], done: null });
    expect(plan(['completed', 'completed', 'pending'])).toEqual({ start: [2], skip: [], done: null });
    expect(plan(['completed', 'failed', 'pending'])).toEqual({ start: [], skip: [2], done: 'failed' });
    expect(plan(['completed', 'completed', 'completed'])).toEqual({ start: [], skip: [], done: 'completed' });
  });

  it('parallel: all at once within max_parallel, completes when one step did', () => {
    const definition = steps('parallel', { max_parallel: 2 });
    const plan = (statuses: Parameters<typeof planNextSteps>[0]['statuses']) =>
      planNextSteps({ definition, statuses, context: {} });
    expect(plan(['pending', 'pending', 'pending'])).toEqual({ start: [0, 1], skip: [], done: null });
    expect(plan(['running', 'completed', 'pending'])).toEqual({ start: [2], skip: [], done: null });
    expect(plan(['failed', 'completed', 'completed'])).toEqual({ start: [], skip: [], done: 'completed' });
    expect(plan(['failed', 'failed', 'failed'])).toEqual({ start: [], skip: [], done: 'failed' });
  });

  it('conditional: rounds of eligible steps, the rest skipped when none is eligible', () => {
    const definition = steps('conditional');
    definition.agents[1]!.conditions = [
      { field: `${resultKey(a)}.category`, operator: 'equals', value: 'technical' },
    ];
    definition.agents[2]!.conditions = [
      { field: `${resultKey(a)}.category`, operator: 'equals', value: 'billing' },
    ];
    definition.agents[1]!.input = { source: 'agent_result', agent_id: a };
    definition.agents[2]!.input = { source: 'agent_result', agent_id: a };
    const first = planNextSteps({ definition, statuses: ['pending', 'pending', 'pending'], context: {} });
    expect(first).toEqual({ start: [0], skip: [], done: null });
    const context = { [resultKey(a)]: { category: 'billing' } };
    const second = planNextSteps({ definition, statuses: ['completed', 'pending', 'pending'], context });
    expect(second).toEqual({ start: [2], skip: [], done: null });
    const third = planNextSteps({ definition, statuses: ['completed', 'pending', 'completed'], context });
    expect(third).toEqual({ start: [], skip: [1], done: 'completed' });
    const missing = planNextSteps({
      definition,
      statuses: ['completed', 'pending', 'pending'],
      context: { [resultKey(a)]: 'no json here' },
    });
    expect(missing).toEqual({ start: [], skip: [1, 2], done: 'completed' });
  });
});
