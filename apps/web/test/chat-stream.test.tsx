import type { Message, RunEvent, RunEventDraft } from '@renum/contracts';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../src/i18n/i18n.tsx';
import { ChatEntryView } from '../src/pages/playground/answer-view.tsx';
import {
  type AnswerEntry,
  answerText,
  type ChatAction,
  type ChatView,
  chatReducer,
  emptyChatView,
  isAnswering,
} from '../src/pages/playground/chat-view.ts';

const runId = '0190a0b0-0000-7000-8000-000000000001';
const conversationId = '0190a0b0-0000-7000-8000-0000000000c1';
const agentId = '0190a0b0-0000-7000-8000-0000000000a1';
const subAgentId = '0190a0b0-0000-7000-8000-0000000000b1';

let seq = 0;
function event(draft: RunEventDraft, options: { seq?: number; run?: string } = {}): RunEvent {
  seq = options.seq ?? seq + 1;
  return {
    ...draft,
    run_id: options.run ?? runId,
    seq,
    conversation_id: conversationId,
    created_at: '2025-01-01T00:00:00.000Z',
  } as RunEvent;
}

function reduce(events: RunEvent[], start: ChatView = emptyChatView): ChatView {
  return events.reduce<ChatView>((view, item) => chatReducer(view, { type: 'event', event: item }), start);
}

function onlyAnswer(view: ChatView): AnswerEntry {
  const answers = view.entries.filter((entry): entry is AnswerEntry => entry.kind === 'answer');
  expect(answers).toHaveLength(1);
  return answers[0]!;
}

function renderView(view: ChatView, locale: 'en' | 'pt-BR' = 'en') {
  return render(
    <I18nProvider locale={locale}>
      <ol>
        {view.entries.map((entry) => (
          <ChatEntryView key={entry.id} entry={entry} />
        ))}
      </ol>
    </I18nProvider>,
  );
}

const usage = { input_tokens: 10, output_tokens: 5, total_tokens: 15, cost_usd: 0 };
/** The Cobrança sub-agent taking over on the topic `fatura`. */
const switchToBilling: RunEventDraft = {
  type: 'agent_switch',
  agent_id: agentId,
  sub_agent_id: subAgentId,
  agent: 'Cobrança',
  matched_topics: ['fatura'],
  via: 'topic_match',
  content: 'Cobrança took over',
};

describe('chat stream: events in, text and cards out', () => {
  it('drops the partial text of an attempt another worker took over, and shows the new one once', () => {
    seq = 0;
    const view = reduce([
      event({ type: 'status', status: 'running', content: 'Running' }),
      event(switchToBilling),
      event({ type: 'content', content: 'Claro, pos' }),
      // The worker died; the next one resumes the run with numbers from a later block.
      event({ type: 'status', status: 'running', resumed: true, content: 'Resuming' }, { seq: 300 }),
      event({ type: 'content', content: 'Claro, posso ajudar.' }),
      event({ type: 'complete', content: 'Claro, posso ajudar.', message_id: null, usage }),
    ]);
    const answer = onlyAnswer(view);
    expect(answerText(answer)).toBe('Claro, posso ajudar.');
    expect(answer.blocks.filter((block) => block.kind === 'switch')).toHaveLength(1);
    expect(answer.state).toBe('completed');
  });

  it('shows who took over, the text as it streams, and the answer complete', () => {
    seq = 0;
    const sent = chatReducer(emptyChatView, {
      type: 'sent',
      id: 'local:1',
      text: 'Quero pagar minha fatura',
    });
    const streaming = reduce(
      [
        event({ type: 'status', status: 'running', content: 'Running' }),
        event(switchToBilling),
        event({ type: 'content', content: 'Claro, ' }),
        event({ type: 'content', content: 'posso ajudar ' }),
      ],
      sent,
    );
    expect(isAnswering(streaming)).toBe(true);
    expect(answerText(onlyAnswer(streaming))).toBe('Claro, posso ajudar ');
    const done = reduce(
      [
        event({ type: 'content', content: 'com a fatura.' }),
        event({ type: 'complete', content: 'Claro, posso ajudar com a fatura.', message_id: null, usage }),
      ],
      streaming,
    );
    expect(isAnswering(done)).toBe(false);
    expect(onlyAnswer(done).state).toBe('completed');
    renderView(done);
    expect(screen.getByText('Quero pagar minha fatura')).toBeTruthy();
    expect(screen.getByTestId('agent-switch').textContent).toContain('Cobrança took over');
    expect(screen.getByTestId('agent-switch').textContent).toContain('fatura');
    // One text block: the deltas concatenate, the `complete` content is not appended again.
    expect(screen.getAllByTestId('answer-text').map((node) => node.textContent)).toEqual([
      'Claro, posso ajudar com a fatura.',
    ]);
  });

  it('ignores an event whose seq was already applied (replay after a reconnection or a reload)', () => {
    seq = 0;
    const first = [event({ type: 'content', content: 'Um ' }), event({ type: 'content', content: 'dois ' })];
    const replayed = reduce([...first, ...first, event({ type: 'content', content: 'três' }), first[1]!]);
    expect(answerText(onlyAnswer(replayed))).toBe('Um dois três');
    expect(onlyAnswer(replayed).lastSeq).toBe(3);
  });

  it('renders tool calls as expandable cards with arguments, result, attempts and duration', async () => {
    seq = 0;
    const view = reduce([
      event({
        type: 'tool_call',
        tool: 'web_search',
        tool_call_id: 'c1',
        params: { query: 'boleto' },
        content: '',
      }),
      event({
        type: 'tool_result',
        tool: 'web_search',
        tool_call_id: 'c1',
        result: { hits: 2 },
        is_error: false,
        duration_ms: 120,
        attempts: 2,
        content: '',
      }),
      event({
        type: 'tool_call',
        tool: 'http_request',
        tool_call_id: 'c2',
        params: { url: 'x' },
        content: '',
      }),
      event({
        type: 'tool_result',
        tool: 'http_request',
        tool_call_id: 'c2',
        result: 'Egress to x refused',
        is_error: true,
        duration_ms: 3,
        attempts: 1,
        content: '',
      }),
    ]);
    renderView(view);
    const cards = screen.getAllByTestId('tool-card');
    expect(cards).toHaveLength(2);
    const [search, http] = cards as [HTMLElement, HTMLElement];
    expect(search.textContent).toContain('web_search');
    expect(search.textContent).toContain('done');
    expect(search.textContent).toContain('120 ms');
    expect(search.textContent).toContain('2 attempts');
    expect(search.hasAttribute('open')).toBe(false);
    await userEvent.setup().click(within(search).getByText('web_search'));
    expect(search.hasAttribute('open')).toBe(true);
    expect(within(search).getByText(/"query": "boleto"/)).toBeTruthy();
    expect(within(search).getByText(/"hits": 2/)).toBeTruthy();
    expect(http.textContent).toContain('failed');
    expect(http.textContent).toContain('Egress to x refused');
  });

  it("says a takeover in the person's language, not the server's words, until the new text flows", () => {
    seq = 0;
    const resumed = reduce([
      event({ type: 'content', content: 'Claro, pos' }),
      event({ type: 'status', status: 'running', resumed: true, content: '🔄 Retomando a resposta...' }),
    ]);
    const english = renderView(resumed);
    expect(screen.getByTestId('status-note').textContent).toBe(
      'The answer was interrupted on the server; starting it again…',
    );
    expect(screen.queryByTestId('answer-text')).toBeNull();
    english.unmount();
    renderView(resumed, 'pt-BR');
    expect(screen.getByTestId('status-note').textContent).toBe(
      'A resposta foi interrompida no servidor; recomeçando…',
    );
    const flowing = reduce([event({ type: 'content', content: 'Claro, posso' })], resumed);
    expect(onlyAnswer(flowing).note).toBeNull();
    expect(answerText(onlyAnswer(flowing))).toBe('Claro, posso');
  });

  it('shows a retrying status subtly, then clears it when text flows', () => {
    seq = 0;
    const retrying = reduce([
      event({ type: 'status', status: 'retrying', content: 'Retrying with openai/gpt-4o-mini', attempt: 2 }),
    ]);
    expect(onlyAnswer(retrying).note).toEqual({ kind: 'text', text: 'Retrying with openai/gpt-4o-mini' });
    renderView(retrying);
    expect(screen.getByTestId('status-note').textContent).toBe('Retrying with openai/gpt-4o-mini');
    expect(onlyAnswer(reduce([event({ type: 'content', content: 'Oi' })], retrying)).note).toBeNull();
  });

  it('shows an error with its code and ends the answer', () => {
    seq = 0;
    const view = reduce([
      event({ type: 'content', content: 'Parcial' }),
      event({
        type: 'error',
        code: 'MODEL_TIMEOUT',
        error: 'The model did not answer in time',
        retryable: true,
        content: '',
      }),
      event({ type: 'content', content: ' depois do fim' }),
    ]);
    const answer = onlyAnswer(view);
    expect(answer.state).toBe('failed');
    expect(answerText(answer)).toBe('Parcial');
    renderView(view);
    expect(screen.getByRole('alert').textContent).toContain('MODEL_TIMEOUT');
    expect(screen.getByRole('alert').textContent).toContain('The model did not answer in time');
  });

  it('ends stopped on a stopped status, keeping the text so far', () => {
    seq = 0;
    const view = reduce([
      event({ type: 'content', content: 'Começando' }),
      event({ type: 'status', status: 'stopped', content: 'Stopped' }),
    ]);
    expect(onlyAnswer(view).state).toBe('stopped');
    expect(isAnswering(view)).toBe(false);
    renderView(view);
    expect(screen.getByTestId('answer-stopped').textContent).toBe('Stopped');
    expect(screen.getByTestId('answer-text').textContent).toBe('Começando');
  });

  it('reopens history with tool cards, and does not stream a stored answer again', () => {
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
    const history: ChatAction = {
      type: 'history',
      messages: [
        message({ role: 'user', text: 'Oi' }),
        message({
          role: 'assistant',
          run_id: runId,
          sub_agent_id: subAgentId,
          text: 'Olá!',
          content: [
            { type: 'tool-call', toolCallId: 't1', toolName: 'web_search', input: { query: 'x' } },
            { type: 'tool-result', toolCallId: 't1', toolName: 'web_search', output: 'ok', isError: false },
            { type: 'text', text: 'Olá!' },
          ],
        }),
      ],
    };
    const view = chatReducer(emptyChatView, { ...history, subAgentNames: { [subAgentId]: 'Cobrança' } });
    expect(view.entries.map((entry) => entry.kind)).toEqual(['user', 'answer']);
    const again = reduce([event({ type: 'content', content: 'Olá!' }, { seq: 1 })], view);
    expect(again).toBe(view);
    renderView(view);
    expect(screen.getByTestId('agent-switch').textContent).toContain('Cobrança took over');
    expect(screen.getByTestId('tool-card').textContent).toContain('web_search');
    expect(screen.getByTestId('answer-text').textContent).toBe('Olá!');
  });

  it('a send refused before any event still shows its error', () => {
    const view = chatReducer(chatReducer(emptyChatView, { type: 'sent', id: 'l', text: 'Oi' }), {
      type: 'connection-lost',
      code: 'CONVERSATION_BUSY',
      message: 'An answer is still running',
    });
    expect(view.entries.map((entry) => entry.kind)).toEqual(['user', 'answer']);
    renderView(view);
    expect(screen.getByRole('alert').textContent).toContain('CONVERSATION_BUSY');
  });
});
