import type { MessageFeedbackState, RunRetrievalSource } from '@renum/contracts';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type LucideIcon, ThumbsDown, ThumbsUp } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button, Dialog, Field, Textarea } from '../../ui/index.ts';
import { documentAnchor } from '../knowledge/document-anchor.ts';

/** The numbered sources under an answer; each opens its passage and a way to its document's base. */
export function CitationsView({ citations }: { citations: RunRetrievalSource[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<RunRetrievalSource | null>(null);
  if (citations.length === 0) return null;
  return (
    <div className="max-w-[85%]" data-testid="citations">
      <p className="mb-1 text-xs font-medium text-text-muted">{t('chat.citations')}</p>
      <ol className="flex flex-wrap gap-2">
        {citations.map((source) => (
          <li key={`${source.n}:${source.chunk_id}`}>
            <button
              type="button"
              data-testid="citation"
              onClick={() => setOpen(source)}
              className="rounded-full border border-border px-2 py-0.5 text-xs hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-primary"
            >
              [{source.n}] {source.document_title}
              {source.page !== null ? ` · p. ${source.page}` : ''}
            </button>
          </li>
        ))}
      </ol>
      <Dialog
        open={open !== null}
        onOpenChange={(next) => (next ? undefined : setOpen(null))}
        title={open ? t('chat.citationOpen', { n: open.n, title: open.document_title }) : ''}
      >
        {open ? <PassageView source={open} /> : <span />}
      </Dialog>
    </div>
  );
}

function PassageView({ source }: { source: RunRetrievalSource }) {
  const { t, formatNumber } = useI18n();
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="citation-passage">
      <p className="flex flex-wrap gap-x-3 text-xs text-text-muted">
        {source.heading_path.length > 0 ? <span>{source.heading_path.join(' › ')}</span> : null}
        {source.page !== null ? <span>{t('knowledge.search.page', { page: source.page })}</span> : null}
        <span>
          {t('chat.citationScore', { score: formatNumber(source.score, { maximumFractionDigits: 3 }) })}
        </span>
      </p>
      <blockquote className="whitespace-pre-wrap break-words border-l-4 border-primary/50 pl-3">
        {source.excerpt}
      </blockquote>
      <Link
        to="/knowledge/$baseId"
        params={{ baseId: source.knowledge_base_id }}
        hash={documentAnchor(source.document_id)}
        className="text-primary underline"
      >
        {t('chat.citationDocument')}
      </Link>
    </div>
  );
}

/**
 * Thumbs up or down on a stored answer, with an optional comment (`POST /v1/messages/{id}/feedback`);
 * the feedback already stored on it (`stored`, read with the messages) shows pressed, with its comment.
 */
export function FeedbackBar({
  messageId,
  stored = null,
}: {
  messageId: string;
  stored?: MessageFeedbackState | null;
}) {
  const { t } = useI18n();
  const client = useApi();
  const [rating, setRating] = useState<'up' | 'down' | null>(stored?.rating ?? null);
  const [comment, setComment] = useState(stored?.comment ?? '');
  const [sent, setSent] = useState(false);
  const send = useMutation({
    mutationFn: (input: { rating: 'up' | 'down'; comment?: string }) =>
      client.knowledge.feedback(messageId, {
        rating: input.rating,
        ...(input.comment ? { comment: input.comment } : {}),
      }),
    onSuccess: (stored) => {
      setRating(stored.rating);
      setSent(true);
    },
  });
  const rate = (value: 'up' | 'down') => {
    setRating(value);
    // A new vote replaces the stored feedback whole: the comment shown goes with it, not silently away.
    send.mutate({ rating: value, comment: comment.trim() });
  };
  const submitComment = (event: FormEvent) => {
    event.preventDefault();
    if (rating && comment.trim() !== '') send.mutate({ rating, comment: comment.trim() });
  };
  return (
    <div className="flex max-w-[85%] flex-col gap-2" data-testid="feedback">
      <div className="flex items-center gap-1">
        <FeedbackButton
          value="up"
          rating={rating}
          onRate={rate}
          label={t('chat.feedback.up')}
          icon={ThumbsUp}
        />
        <FeedbackButton
          value="down"
          rating={rating}
          onRate={rate}
          label={t('chat.feedback.down')}
          icon={ThumbsDown}
        />
        {sent ? (
          <span role="status" className="text-xs text-text-muted">
            {t('chat.feedback.thanks')}
          </span>
        ) : null}
      </div>
      {send.isError ? (
        <p role="alert" className="text-xs text-danger">
          {describeError(send.error, t)}
        </p>
      ) : null}
      {rating ? (
        <form onSubmit={submitComment} className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <Field label={t('chat.feedback.comment')} className="flex-1">
            <Textarea rows={2} value={comment} onChange={(event) => setComment(event.target.value)} />
          </Field>
          <Button type="submit" size="sm" variant="secondary" busy={send.isPending}>
            {t('chat.feedback.send')}
          </Button>
        </form>
      ) : null}
    </div>
  );
}

function FeedbackButton(props: {
  value: 'up' | 'down';
  rating: 'up' | 'down' | null;
  onRate(value: 'up' | 'down'): void;
  label: string;
  /** An icon of the app's set: an emoji showed as an empty box where no emoji font is installed. */
  icon: LucideIcon;
}) {
  const Icon = props.icon;
  const pressed = props.rating === props.value;
  return (
    <button
      type="button"
      aria-label={props.label}
      aria-pressed={pressed}
      onClick={() => props.onRate(props.value)}
      className={`rounded-md border px-2 py-1 text-sm ${pressed ? 'border-primary bg-primary/15' : 'border-border hover:bg-surface-muted'}`}
    >
      <Icon aria-hidden="true" className="h-4 w-4" />
    </button>
  );
}
