import {
  isTerminalRunEvent,
  type RunEvent,
  type RunEventDraft,
  runEventDraftSchema,
  runEventSchema,
  runEventTypes,
  stampRunEvent,
} from '@renum/contracts';
import { describe, expect, expectTypeOf, it } from 'vitest';

const RUN = '0b6f3c1e-4d6a-4c1b-9f0e-2a7d5e8c9b10';
const CONVERSATION = '7a1d2e3f-5b6c-4d7e-8f90-a1b2c3d4e5f6';

const drafts: RunEventDraft[] = [
  { type: 'status', status: 'running', content: 'Processando...' },
  {
    type: 'status',
    status: 'retrying',
    attempt: 2,
    model: 'openai/gpt-4o-mini',
    reason: 'HTTP 500: boom',
    content: 'Retrying',
  },
  {
    type: 'agent_switch',
    agent_id: RUN,
    sub_agent_id: null,
    agent: 'Cobrança',
    matched_topics: ['pagamento'],
    via: 'topic_match',
    content: 'Cobrança está trabalhando...',
  },
  {
    type: 'tool_call',
    tool: 'calculator',
    tool_call_id: 'c1',
    params: { expression: '1+1' },
    content: '...',
  },
  {
    type: 'tool_result',
    tool: 'calculator',
    tool_call_id: 'c1',
    result: { result: 2 },
    is_error: false,
    duration_ms: 3,
    attempts: 1,
    content: '...',
  },
  { type: 'content', content: 'Olá' },
  {
    type: 'approval_request',
    approval_id: 'a1',
    tool: 'pause_campaign',
    tool_call_id: 'c2',
    params: {},
    content: '',
  },
  {
    type: 'retrieval',
    query: 'refund policy',
    sources: [
      {
        n: 1,
        chunk_id: 'c1',
        document_id: 'd1',
        knowledge_base_id: 'k1',
        document_title: 'Policies',
        heading_path: ['Refunds'],
        page: 2,
        score: 0.82,
        excerpt: 'Refunds within 30 days.',
      },
    ],
    content: 'Consultando a base de conhecimento...',
  },
  { type: 'step_start', step_id: 's1', agent: 'Analyst', content: '' },
  { type: 'step_end', step_id: 's1', agent: 'Analyst', content: '' },
  {
    type: 'complete',
    content: 'Olá',
    message_id: null,
    usage: { input_tokens: 10, output_tokens: 2, total_tokens: 12, cost_usd: 0.0000027 },
  },
  { type: 'error', code: 'MODEL_TIMEOUT', error: 'timed out', retryable: true, content: 'Erro' },
];

describe('run event contract', () => {
  it('covers every type once in the examples and parses each', () => {
    expect(new Set(drafts.map((draft) => draft.type))).toEqual(new Set(runEventTypes));
    for (const draft of drafts) expect(runEventDraftSchema.parse(draft)).toEqual(draft);
  });

  it('stamps drafts into events with run, sequence, conversation and time', () => {
    drafts.forEach((draft, index) => {
      const event = stampRunEvent({
        draft,
        runId: RUN,
        seq: index + 1,
        conversationId: index % 2 === 0 ? CONVERSATION : null,
        createdAt: new Date('2026-01-01T00:00:00Z'),
      });
      expect(runEventSchema.parse(event)).toEqual(event);
      expect(event).toMatchObject({ run_id: RUN, seq: index + 1, created_at: '2026-01-01T00:00:00.000Z' });
    });
  });

  it('rejects malformed events', () => {
    const base = { run_id: RUN, seq: 1, conversation_id: null, created_at: '2026-01-01T00:00:00Z' };
    expect(runEventSchema.safeParse({ ...base, type: 'content', content: 'x', seq: 0 }).success).toBe(false);
    expect(runEventSchema.safeParse({ ...base, type: 'unknown', content: 'x' }).success).toBe(false);
    expect(runEventSchema.safeParse({ ...base, type: 'status', status: 'paused', content: '' }).success).toBe(
      false,
    );
    expect(
      runEventDraftSchema.safeParse({
        type: 'error',
        code: 'NOT_A_CODE',
        error: 'x',
        retryable: false,
        content: '',
      }).success,
    ).toBe(false);
    expect(
      runEventDraftSchema.safeParse({
        type: 'error',
        code: 'MODEL_NOT_CONFIGURED',
        error: 'x',
        retryable: false,
        content: '',
      }).success,
    ).toBe(true);
  });

  it('knows which events end a run', () => {
    const terminal = drafts.filter((draft) => isTerminalRunEvent(draft)).map((draft) => draft.type);
    expect(terminal).toEqual(['complete', 'error']);
    expect(isTerminalRunEvent({ type: 'status', status: 'stopped' })).toBe(true);
    expect(isTerminalRunEvent({ type: 'status', status: 'retrying' })).toBe(false);
  });

  it('types a draft as an event without its stamp', () => {
    type Stamp = 'run_id' | 'seq' | 'conversation_id' | 'created_at';
    type Unstamped = RunEvent extends infer EVENT
      ? EVENT extends unknown
        ? Omit<EVENT, Stamp>
        : never
      : never;
    expectTypeOf<RunEventDraft>().toEqualTypeOf<Unstamped>();
  });
});
