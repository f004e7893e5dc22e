import { type FakeAnswer, type FakeRequest, meAnswer } from './fake-api.ts';

// Seed 002's conditional team and its agents, as the team pages' tests answer them.
export const now = '2026-01-01T00:00:00.000Z';
export const clientId = '0190a000-0000-7000-8000-0000000000c1';
export const ids = {
  classifier: '0190a000-0000-7000-8000-00000000a001',
  technical: '0190a000-0000-7000-8000-00000000a002',
  billing: '0190a000-0000-7000-8000-00000000a003',
  team: '0190a000-0000-7000-8000-00000000b001',
  execution: '0190a000-0000-7000-8000-00000000e001',
};

export const agent = (id: string, name: string) => ({
  id,
  client_id: clientId,
  name,
  description: null,
  slug: name.toLowerCase(),
  model: 'offline/renum',
  system_prompt: 'x',
  channel: 'web',
  template_type: null,
  status: 'active',
  is_public: false,
  public_url: null,
  config: {},
  access_count: 0,
  tools: [],
  fallback_models: [],
  max_steps: 8,
  executor: 'builtin',
  prompt_template_version_id: null,
  created_at: now,
  updated_at: now,
});

/** Seed 002's conditional team. */
export const definition = {
  type: 'conditional',
  agents: [
    { agent_id: ids.classifier, role: 'classifier', input: { source: 'initial_prompt' } },
    {
      agent_id: ids.technical,
      role: 'technical_support',
      conditions: [
        { field: `agent_${ids.classifier}_result.category`, operator: 'equals', value: 'technical' },
      ],
      input: { source: 'agent_result', agent_id: ids.classifier },
    },
    {
      agent_id: ids.billing,
      role: 'billing_support',
      conditions: [
        { field: `agent_${ids.classifier}_result.category`, operator: 'equals', value: 'billing' },
      ],
      input: { source: 'agent_result', agent_id: ids.classifier },
    },
  ],
};

export const team = {
  id: ids.team,
  client_id: clientId,
  name: 'Atendimento',
  description: null,
  workflow_definition: definition,
  status: 'active',
  created_at: now,
  updated_at: now,
};

export const base: Record<string, FakeAnswer | ((request: FakeRequest) => FakeAnswer)> = {
  'GET /v1/me': { status: 200, body: meAnswer() },
  'GET /v1/agents': {
    status: 200,
    body: {
      data: [
        agent(ids.classifier, 'Classifier'),
        agent(ids.technical, 'Tech'),
        agent(ids.billing, 'Billing'),
      ],
      next_cursor: null,
    },
  },
  [`GET /v1/teams/${ids.team}`]: { status: 200, body: team },
  [`GET /v1/teams/${ids.team}/executions`]: { status: 200, body: { data: [], next_cursor: null } },
};

/** A step as `GET /v1/team-executions/{id}` answers it: pending nothing, one attempt; `overrides` adds the rest. */
export const executionStep = <Overrides extends Record<string, unknown>>(
  index: number,
  role: string,
  agentId: string,
  status: string,
  overrides?: Overrides,
) => ({
  id: `0190a000-0000-7000-8000-00000000c00${index}`,
  execution_id: ids.execution,
  step_index: index,
  agent_id: agentId,
  role,
  run_id: null,
  status,
  input: null,
  result: null,
  individual_usage_metrics: null,
  individual_cost_metrics: null,
  attempts: 1,
  error_code: null,
  error: null,
  started_at: null,
  finished_at: null,
  ...(overrides as Overrides),
});

/** The execution of {@link definition} as `GET /v1/team-executions/{id}` answers it, running; `overrides` adds the rest. */
export const executionBody = <Overrides extends Record<string, unknown>>(overrides?: Overrides) => ({
  id: ids.execution,
  team_id: ids.team,
  client_id: clientId,
  user_id: null,
  status: 'running',
  initial_prompt: 'My invoice was charged twice',
  execution_plan: { definition },
  shared_context: {},
  usage_metrics: null,
  cost_metrics: null,
  error: null,
  last_seq: 1,
  created_at: now,
  started_at: now,
  finished_at: null,
  steps: [] as unknown[],
  ...(overrides as Overrides),
});
