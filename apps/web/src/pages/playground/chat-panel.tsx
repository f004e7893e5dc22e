import { Send, Square } from 'lucide-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Button, Card, ErrorState, LoadingState, Textarea } from '../../ui/index.ts';
import { ChatEntryView } from './answer-view.tsx';
import { useChat } from './use-chat.ts';

/** The open conversation: its entries, the composer and, while an answer streams, the Stop button. */
export function ChatPanel({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const chat = useChat(conversationId);
  const [draft, setDraft] = useState('');
  const [stopping, setStopping] = useState(false);
  const endRef = useRef<HTMLDivElement>(null);

  // Keep the newest text in view while it streams.
  const lastLength = chat.view.entries.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the entries change
  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [chat.view, lastLength]);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const content = draft.trim();
    if (!content || chat.answering) return;
    setDraft('');
    void chat.send(content);
  }

  async function stop() {
    setStopping(true);
    try {
      await chat.stop();
    } finally {
      setStopping(false);
    }
  }

  if (chat.loading) return <LoadingState />;
  if (chat.loadError) return <ErrorState error={chat.loadError} />;
  return (
    <Card
      data-testid="chat-panel"
      className="flex h-[calc(100dvh-10rem)] min-h-[24rem] flex-col gap-3 lg:h-[calc(100dvh-12rem)]"
    >
      <h2 className="sr-only">{t('chat.conversation')}</h2>
      {/* Only the entries scroll: the composer below stays pinned to the bottom as the chat grows. */}
      <div
        data-testid="chat-scroll"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        tabIndex={0}
        className="-mx-1 min-h-0 flex-1 overflow-y-auto px-1"
      >
        <ol className="flex flex-col gap-3" aria-live="polite" aria-busy={chat.answering}>
          {chat.view.entries.length === 0 ? (
            <li className="text-sm text-text-muted">{t('chat.empty')}</li>
          ) : null}
          {chat.view.entries.map((entry) => (
            <ChatEntryView key={entry.id} entry={entry} knowledge />
          ))}
        </ol>
        <div ref={endRef} />
      </div>
      {chat.reconnecting ? (
        <p role="status" className="text-xs italic text-text-muted">
          {t('chat.reconnecting')}
        </p>
      ) : null}
      <form
        data-testid="chat-composer"
        onSubmit={submit}
        className="flex shrink-0 flex-col gap-2 sm:flex-row sm:items-end"
      >
        <label htmlFor="chat-message" className="sr-only">
          {t('chat.message')}
        </label>
        <Textarea
          id="chat-message"
          className="min-h-12 flex-1"
          rows={2}
          placeholder={t('chat.placeholder')}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              submit();
            }
          }}
        />
        {chat.answering ? (
          <Button
            icon={Square}
            type="button"
            variant="secondary"
            onClick={() => void stop()}
            busy={stopping}
            disabled={!chat.canStop}
          >
            {t('chat.stop')}
          </Button>
        ) : (
          <Button icon={Send} type="submit" disabled={draft.trim() === ''}>
            {t('chat.send')}
          </Button>
        )}
      </form>
    </Card>
  );
}
