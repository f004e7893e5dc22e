import type { Message, RunEvent, RunEventDraft } from '@renum/contracts';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../src/i18n/i18n.tsx';
import { ChatEntryView } from '../src/pages/playground/answer-view.tsx';
import { type ChatView, chatReducer, emptyChatView } from '../src/pages/playground/chat-view.ts';
import { runsToReplay, withReplayedRun } from '../src/pages/playground/history-replay.ts';

const conversationId = '0190a0b0-0000-7000-8000-0000000000c1';
const answered = '0190a0b0-0000-7000-8000-000000000001';
const stopped = '0190a0b0-0000-7000-8000-000000000002';
const subAgentId = '0190a0b0-0000-7000-8000-0000000000b1';

const message = (overrides: Partial<Message>): Message => ({
  id: crypto.randomUUID(),
  conversation_id: conversationId,
  run_id: null,
  role: 'user',
  text: '',
  content: [],
  sub_agent_id: null,
  tokens_input: 0,
  tokens_output: 0,
  created_at: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

function events(runId: string, drafts: RunEventDraft[]): RunEvent[] {
  return drafts.map(
    (draft, index) =>
      ({
        ...draft,
        run_id: runId,
        seq: index + 1,
        conversation_id: conversationId,
        created_at: '2025-01-01T00:00:00.000Z',
      }) as RunEvent,
  );
}

const usage = { input_tokens: 10, output_tokens: 5, total_tokens: 15, cost_usd: 0 };

/** The stored history: a routed answer with a tool call, then a question whose answer was stopped early. */
const stored: Message[] = [
  message({ role: 'user', text: 'Quero pagar minha fatura', run_id: answered }),
  message({
    role: 'assistant',
    run_id: answered,
    sub_agent_id: subAgentId,
    text: 'Pronto.',
    content: [
      { type: 'tool-call', toolCallId: 't1', toolName: 'web_search', input: { query: 'fatura' } },
      { type: 'tool-result', toolCallId: 't1', toolName: 'web_search', output: 'ok', isError: false },
      { type: 'text', text: 'Pronto.' },
    ],
  }),
  message({ role: 'user', text: 'Explique em detalhes', run_id: stopped }),
];

function renderView(view: ChatView) {
  render(
    <I18nProvider locale="en">
      <ol>
        {view.entries.map((entry) => (
          <ChatEntryView key={entry.id} entry={entry} />
        ))}
      </ol>
    </I18nProvider>,
  );
}

describe('a reopened conversation shows what the live view showed', () => {
  it('replays stored run events: routing chips, tool durations, and the Stopped badge', () => {
    let view = chatReducer(emptyChatView, {
      type: 'history',
      messages: stored,
      subAgentNames: { [subAgentId]: 'Cobrança' },
    });
    expect(runsToReplay(stored, null)).toEqual([answered, stopped]);
    view = withReplayedRun(
      view,
      answered,
      events(answered, [
        { type: 'status', status: 'running', content: 'Running' },
        {
          type: 'agent_switch',
          agent_id: '0190a0b0-0000-7000-8000-0000000000a1',
          sub_agent_id: subAgentId,
          agent: 'Cobrança',
          matched_topics: ['fatura'],
          via: 'topic_match',
          content: 'Cobrança took over',
        },
        {
          type: 'tool_call',
          tool: 'web_search',
          tool_call_id: 't1',
          params: { query: 'fatura' },
          content: '',
        },
        {
          type: 'tool_result',
          tool: 'web_search',
          tool_call_id: 't1',
          result: 'ok',
          is_error: false,
          duration_ms: 1234,
          content: '',
        },
        { type: 'content', content: 'Pronto.' },
        { type: 'complete', content: 'Pronto.', message_id: stored[1]!.id, usage },
      ] as RunEventDraft[]),
    );
    view = withReplayedRun(
      view,
      stopped,
      events(stopped, [
        { type: 'status', status: 'running', content: 'Running' },
        { type: 'content', content: 'Começando' },
        { type: 'status', status: 'stopped', content: 'Stopped' },
      ] as RunEventDraft[]),
    );
    expect(view.entries.map((entry) => entry.kind)).toEqual(['user', 'answer', 'user', 'answer']);
    renderView(view);
    const [first, second] = screen.getAllByTestId('answer');
    expect(within(first!).getByTestId('agent-switch').textContent).toContain('fatura');
    expect(within(first!).getByTestId('tool-card').textContent).toContain('1,234');
    expect(within(first!).getByTestId('answer-text').textContent).toContain('Pronto.');
    expect(second!.getAttribute('data-state')).toBe('stopped');
    expect(within(second!).getByTestId('answer-stopped').textContent).toBe('Stopped');
    expect(within(second!).getByTestId('answer-text').textContent).toContain('Começando');
  });

  it('leaves the view alone for a run still going, and skips the run followed live', () => {
    const view = chatReducer(emptyChatView, { type: 'history', messages: stored });
    const going = withReplayedRun(
      view,
      stopped,
      events(stopped, [{ type: 'content', content: 'Começ' }] as RunEventDraft[]),
    );
    expect(going).toBe(view);
    expect(runsToReplay(stored, stopped)).toEqual([answered]);
  });
});
