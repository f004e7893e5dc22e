import type { Message, RunEvent } from '@renum/contracts';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../src/i18n/i18n.tsx';
import { ChatEntryView } from '../src/pages/playground/answer-view.tsx';
import { type ChatView, chatReducer, emptyChatView } from '../src/pages/playground/chat-view.ts';

const conversationId = '0190a0b0-0000-7000-8000-0000000000c1';
const runId = '0190a0b0-0000-7000-8000-000000000001';
const ana = '0190a0b0-0000-7000-8000-0000000000d1';

function message(overrides: Partial<Message> & Pick<Message, 'id' | 'role' | 'text'>): Message {
  return {
    conversation_id: conversationId,
    run_id: null,
    content: [{ type: 'text', text: overrides.text }],
    sub_agent_id: null,
    tokens_input: 0,
    tokens_output: 0,
    author_user_id: null,
    author_name: null,
    created_at: '2026-12-05T10:00:00.000Z',
    ...overrides,
  };
}

const handoff = (id: string, action: 'taken_over' | 'handed_back') =>
  message({
    id,
    role: 'system',
    text: '',
    content: [{ type: 'handoff', action, user_id: ana, name: 'Ana' }],
    author_user_id: ana,
    author_name: 'Ana',
  });

function renderView(view: ChatView, locale: 'en' | 'pt-BR') {
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

describe('the inbox view of a conversation', () => {
  it('shows a takeover, the held message, the person’s reply and the hand-back, each once, in both languages', () => {
    const live = [
      handoff('0190a0b0-0000-7000-8000-000000000101', 'taken_over'),
      message({ id: '0190a0b0-0000-7000-8000-000000000102', role: 'user', text: 'Quero falar com alguém' }),
      message({
        id: '0190a0b0-0000-7000-8000-000000000103',
        role: 'assistant',
        text: 'Oi, aqui é a Ana.',
        author_user_id: ana,
        author_name: 'Ana',
      }),
      handoff('0190a0b0-0000-7000-8000-000000000104', 'handed_back'),
    ];
    // Delivered twice (live, then again by a sync after a reconnection): shown once.
    const view = [...live, ...live].reduce<ChatView>(
      (current, item) => chatReducer(current, { type: 'message', message: item }),
      emptyChatView,
    );
    expect(view.entries.map((entry) => entry.kind)).toEqual(['note', 'user', 'answer', 'note']);

    const english = renderView(view, 'en');
    expect(screen.getByText('Ana took the conversation over')).toBeTruthy();
    expect(screen.getByText('Ana (person)')).toBeTruthy();
    expect(screen.getByText('Ana handed the conversation back to the agent')).toBeTruthy();
    english.unmount();
    renderView(view, 'pt-BR');
    expect(screen.getByText('Ana assumiu a conversa')).toBeTruthy();
    expect(screen.getByText('Ana (pessoa)')).toBeTruthy();
    expect(screen.getByText('Ana devolveu a conversa ao agente')).toBeTruthy();
  });

  it('puts the end user’s message before the answer already streaming for it, and leaves the answer to its events', () => {
    const started: RunEvent = {
      type: 'content',
      content: 'Olá',
      run_id: runId,
      seq: 1,
      conversation_id: conversationId,
      created_at: '2026-12-05T10:00:00.000Z',
    };
    let view = chatReducer(emptyChatView, { type: 'event', event: started });
    view = chatReducer(view, {
      type: 'message',
      message: message({
        id: '0190a0b0-0000-7000-8000-000000000201',
        role: 'user',
        text: 'Oi',
        run_id: runId,
      }),
    });
    view = chatReducer(view, {
      type: 'message',
      message: message({
        id: '0190a0b0-0000-7000-8000-000000000202',
        role: 'assistant',
        text: 'Olá',
        run_id: runId,
      }),
    });
    expect(view.entries.map((entry) => entry.kind)).toEqual(['user', 'answer']);
  });
});
