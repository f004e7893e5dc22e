import type { RunEvent, RunEventDraft } from '@renum/contracts';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../src/i18n/i18n.tsx';
import { ChatEntryView } from '../src/pages/playground/answer-view.tsx';
import { type ChatView, chatReducer, emptyChatView } from '../src/pages/playground/chat-view.ts';

let seq = 0;
function event(draft: RunEventDraft): RunEvent {
  seq += 1;
  return {
    ...draft,
    run_id: '0190a0b0-0000-7000-8000-000000000001',
    seq,
    conversation_id: '0190a0b0-0000-7000-8000-0000000000c1',
    created_at: '2025-01-01T00:00:00.000Z',
  } as RunEvent;
}

function answerWith(text: string): ChatView {
  seq = 0;
  const events = [
    event({ type: 'status', status: 'running', content: 'Running' }),
    event({ type: 'content', content: text }),
  ];
  return events.reduce<ChatView>(
    (view, item) => chatReducer(view, { type: 'event', event: item }),
    emptyChatView,
  );
}

function renderAnswer(text: string) {
  const view = answerWith(text);
  render(
    <I18nProvider locale="en">
      <ol>
        {view.entries.map((entry) => (
          <ChatEntryView key={entry.id} entry={entry} />
        ))}
      </ol>
    </I18nProvider>,
  );
  return screen.getByTestId('answer-text');
}

describe('answers render Markdown, safely', () => {
  it('shows bold, lists and code blocks instead of asterisks and backticks', () => {
    const text = renderAnswer('Your **invoice** is due:\n\n- one\n- two\n\n```js\nconst a = 1;\n```');
    expect(text.querySelector('strong')?.textContent).toBe('invoice');
    expect(text.querySelectorAll('li')).toHaveLength(2);
    expect(text.querySelector('pre code')?.textContent).toContain('const a = 1;');
    expect(text.textContent).not.toContain('**');
  });

  it('neutralises script tags, event handlers and javascript: links a model (or a prompt injection) writes', () => {
    const text = renderAnswer(
      'Hi <script>window.pwned = true</script><img src="x" onerror="window.pwned = true"> ' +
        '[click](javascript:alert(1)) <iframe src="about:blank"></iframe>',
    );
    expect(text.querySelector('script')).toBeNull();
    expect(text.querySelector('iframe')).toBeNull();
    expect(text.querySelector('[onerror]')).toBeNull();
    expect(text.querySelector('img')).toBeNull();
    expect(text.querySelector('a')?.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
    expect(text.innerHTML).not.toMatch(/<script|<img|<iframe/i);
    expect((window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('opens links in a new tab with rel=noopener', () => {
    const text = renderAnswer('See [the docs](https://example.com/docs) and https://x.example/raw.');
    const links = text.querySelectorAll('a');
    expect(links).toHaveLength(2);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toContain('noopener');
    }
    expect(links[0]?.getAttribute('href')).toBe('https://example.com/docs');
  });

  it('copies a finished answer as its Markdown source', async () => {
    seq = 0;
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: {
        writeText: async (value: string) => {
          copied = value;
        },
      },
    });
    const view = [
      event({ type: 'status', status: 'running', content: 'Running' }),
      event({ type: 'content', content: 'Use **Pix**.' }),
      event({
        type: 'complete',
        content: 'Use **Pix**.',
        message_id: null,
        usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2, cost_usd: 0 },
      }),
    ].reduce<ChatView>((acc, item) => chatReducer(acc, { type: 'event', event: item }), emptyChatView);
    render(
      <I18nProvider locale="pt-BR">
        <ol>
          {view.entries.map((entry) => (
            <ChatEntryView key={entry.id} entry={entry} />
          ))}
        </ol>
      </I18nProvider>,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Copiar' }));
    expect(copied).toBe('Use **Pix**.');
    expect(await screen.findByRole('button', { name: 'Copiado' })).toBeTruthy();
  });
});
