import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useRunStoryT } from '../../i18n/run-story.ts';
import { runNoteText } from '../../lib/run-note-text.ts';
import { Badge, cx } from '../../ui/index.ts';
import {
  type AnswerBlock,
  type AnswerEntry,
  answerText,
  type ChatEntry,
  type ToolCard,
} from './chat-view.ts';
import { CitationsView, FeedbackBar } from './citations-view.tsx';
import { MarkdownText } from './markdown.tsx';

/**
 * One entry of the conversation: the person's message, or an answer with its switches and tool cards.
 * With `knowledge`, a completed answer also shows its numbered sources and thumbs up/down (these need the
 * app's API client and router, which the pages have).
 */
export function ChatEntryView({ entry, knowledge = false }: { entry: ChatEntry; knowledge?: boolean }) {
  const { t } = useI18n();
  const tr = useRunStoryT();
  if (entry.kind === 'note') {
    return (
      <li className="text-center text-xs text-text-muted" data-testid="handoff-note">
        {t(entry.action === 'taken_over' ? 'inbox.tookOver' : 'inbox.handedBack', { name: entry.name })}
      </li>
    );
  }
  if (entry.kind === 'user') {
    return (
      <li className="flex justify-end">
        <div
          data-testid="user-message"
          className="max-w-[85%] whitespace-pre-wrap rounded-lg bg-primary px-3 py-2 text-sm text-primary-text"
        >
          <span className="sr-only">{t('chat.you')}: </span>
          {entry.text}
        </div>
      </li>
    );
  }
  return (
    <li className="flex flex-col gap-2" data-testid="answer" data-state={entry.state}>
      {entry.author ? (
        <p className="text-xs font-medium text-text-muted" data-testid="answer-author">
          {t('inbox.personReply', { name: entry.author })}
        </p>
      ) : null}
      {entry.blocks.map((block, index) => (
        // Blocks only ever append, so the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
        <AnswerBlockView key={index} block={block} />
      ))}
      {entry.state === 'running' && entry.blocks.every((block) => block.kind !== 'text') ? (
        <p className="text-sm text-text-muted">{t('chat.thinking')}</p>
      ) : null}
      {entry.note ? (
        <p className="text-xs italic text-text-muted" data-testid="status-note">
          {entry.note.kind === 'resumed'
            ? t('chat.resumed')
            : runNoteText({ ...entry.note, content: entry.note.text }, tr)}
        </p>
      ) : null}
      {entry.state !== 'running' && answerText(entry) ? <CopyAnswer entry={entry} /> : null}
      {knowledge && entry.state === 'completed' ? <CitationsView citations={entry.citations} /> : null}
      {knowledge && entry.state === 'completed' && entry.messageId && !entry.author ? (
        <FeedbackBar messageId={entry.messageId} stored={entry.feedback ?? null} />
      ) : null}
      {entry.state === 'stopped' ? (
        <p className="text-xs text-text-muted" data-testid="answer-stopped">
          <Badge tone="warning">{t('chat.stopped')}</Badge>
        </p>
      ) : null}
      {entry.error ? (
        <p role="alert" className="text-sm text-danger">
          <Badge tone="danger">{entry.error.code}</Badge> {entry.error.message}
        </p>
      ) : null}
    </li>
  );
}

/** Copies the answer's text (its Markdown source) to the clipboard, and says so. */
function CopyAnswer({ entry }: { entry: AnswerEntry }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(answerText(entry));
      setCopied(true);
    } catch (error) {
      console.warn('[renum] copy to clipboard failed', error);
    }
  }
  return (
    <button
      type="button"
      data-testid="copy-answer"
      onClick={() => void copy()}
      className="inline-flex items-center gap-1 self-start rounded px-2 py-0.5 text-xs text-text-muted hover:bg-surface-muted"
    >
      {copied ? (
        <Check aria-hidden="true" className="h-3.5 w-3.5" />
      ) : (
        <Copy aria-hidden="true" className="h-3.5 w-3.5" />
      )}
      {copied ? t('playground.copied') : t('playground.copy')}
    </button>
  );
}

function AnswerBlockView({ block }: { block: AnswerBlock }) {
  const { t } = useI18n();
  if (block.kind === 'text') {
    return (
      <div data-testid="answer-text" className="max-w-[85%] rounded-lg bg-surface-muted px-3 py-2 text-sm">
        <MarkdownText text={block.text} className="markdown break-words" />
      </div>
    );
  }
  if (block.kind === 'switch') {
    return (
      <p data-testid="agent-switch" className="flex flex-wrap items-center gap-2 text-xs text-text-muted">
        <Badge tone="primary">{t('chat.tookOver', { agent: block.agent })}</Badge>
        {block.topics.map((topic) => (
          <Badge key={topic}>{topic}</Badge>
        ))}
      </p>
    );
  }
  return <ToolCardView card={block.card} />;
}

/** A tool call as a native disclosure: keyboard and screen-reader friendly without extra code. */
export function ToolCardView({ card }: { card: ToolCard }) {
  const { t, formatNumber } = useI18n();
  const state = !card.done
    ? t('chat.tool.running')
    : card.isError
      ? t('chat.tool.failed')
      : t('chat.tool.done');
  return (
    <details
      data-testid="tool-card"
      className={cx(
        'max-w-[85%] rounded-lg border px-3 py-2 text-sm',
        card.isError ? 'border-danger' : 'border-border',
      )}
    >
      <summary className="cursor-pointer">
        <span className="font-mono">{card.tool}</span>{' '}
        <Badge tone={!card.done ? 'neutral' : card.isError ? 'danger' : 'success'}>{state}</Badge>
        {card.durationMs !== undefined ? (
          <span className="ml-2 text-xs text-text-muted">
            {t('chat.tool.duration', { ms: formatNumber(card.durationMs) })}
          </span>
        ) : null}
        {card.attempts !== undefined && card.attempts > 1 ? (
          <span className="ml-2 text-xs text-text-muted">
            {t('chat.tool.attempts', { count: String(card.attempts) })}
          </span>
        ) : null}
      </summary>
      <div className="mt-2 flex flex-col gap-2">
        <div>
          <p className="text-xs font-medium text-text-muted">{t('chat.tool.arguments')}</p>
          <pre className="overflow-x-auto rounded bg-surface-muted p-2 text-xs">
            {JSON.stringify(card.params, null, 2)}
          </pre>
        </div>
        {card.done ? (
          <div>
            <p className="text-xs font-medium text-text-muted">
              {card.isError ? t('chat.tool.error') : t('chat.tool.result')}
            </p>
            <pre className="max-h-64 overflow-auto rounded bg-surface-muted p-2 text-xs">
              {typeof card.result === 'string' ? card.result : JSON.stringify(card.result, null, 2)}
            </pre>
          </div>
        ) : null}
      </div>
    </details>
  );
}
