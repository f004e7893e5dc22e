import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useRealtime } from '../../lib/realtime.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Button, Card, ErrorState, LoadingState, Textarea } from '../../ui/index.ts';
import { ChatEntryView } from '../playground/answer-view.tsx';
import { useChat } from '../playground/use-chat.ts';

/** How long a `typing` signal shows without a new one. */
const typingShownMs = 4000;

/**
 * One conversation as a person of the client watches it: messages and run events as they stream, who is
 * typing, and the takeover controls (owners and admins): take over, reply as oneself, hand back.
 */
export function ConversationWatch({ conversationId }: { conversationId: string }) {
  const { t } = useI18n();
  const client = useApi();
  const connection = useRealtime();
  const queryClient = useQueryClient();
  const { me } = useAuth();
  const chat = useChat(conversationId, 'watch');
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [typing, setTyping] = useState<Record<string, number>>({});
  const lastTypingSent = useRef(0);
  const conversation = useQuery({
    queryKey: ['conversation', conversationId],
    queryFn: ({ signal }) => client.conversations.get(conversationId, { signal }),
  });
  const members = useQuery({ queryKey: ['members'], queryFn: () => client.members.list() });
  const myId = me?.user?.id ?? null;
  const canTakeOver = me?.role === 'owner' || me?.role === 'admin';
  const holder = conversation.data?.taken_over_by ?? null;

  useEffect(
    () =>
      connection.on((frame) => {
        if (frame.type === 'typing' && frame.conversation_id === conversationId && frame.user_id !== myId) {
          setTyping((current) => ({ ...current, [frame.user_id]: frame.is_typing ? Date.now() : 0 }));
        }
        if (frame.type === 'conversation' && frame.conversation.id === conversationId) {
          queryClient.setQueryData(['conversation', conversationId], frame.conversation);
        }
      }),
    [connection, conversationId, myId, queryClient],
  );
  // What is on screen is read: the newest message shown is marked (stored, and other tabs hear it).
  const { lastMessageId } = chat;
  useEffect(() => {
    if (lastMessageId && myId) {
      connection.send({ type: 'read', conversation_id: conversationId, message_id: lastMessageId });
    }
  }, [connection, conversationId, lastMessageId, myId]);
  // Typing signals fade on their own (a lost `is_typing: false` must not leave them forever).
  useEffect(() => {
    const timer = setInterval(() => {
      setTyping((current) => {
        const fresh = Object.entries(current).filter(([, at]) => Date.now() - at < typingShownMs);
        return fresh.length === Object.keys(current).length ? current : Object.fromEntries(fresh);
      });
    }, 1000);
    return () => clearInterval(timer);
  }, []);

  const names = new Map((members.data?.data ?? []).map((member) => [member.user_id, member.name]));
  const typers = Object.entries(typing)
    .filter(([, at]) => at > 0)
    .map(([userId]) => names.get(userId) ?? t('inbox.someone'));

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    setActionError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ['conversation', conversationId] });
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  }

  function onDraft(value: string) {
    setDraft(value);
    if (Date.now() - lastTypingSent.current > 2000) {
      lastTypingSent.current = Date.now();
      connection.send({ type: 'typing', conversation_id: conversationId, is_typing: true });
    }
  }

  function reply(event: FormEvent) {
    event.preventDefault();
    const content = draft.trim();
    if (!content) return;
    setDraft('');
    lastTypingSent.current = 0;
    connection.send({ type: 'typing', conversation_id: conversationId, is_typing: false });
    void act(() => client.conversations.reply(conversationId, content));
  }

  if (chat.loading || conversation.isPending) return <LoadingState />;
  if (chat.loadError) return <ErrorState error={chat.loadError} />;
  if (conversation.isError) return <ErrorState error={conversation.error} />;
  const heldByMe = holder !== null && holder === myId;
  return (
    <Card className="flex min-h-[24rem] flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{conversation.data.title ?? t('chat.untitled')}</h2>
        <div className="flex items-center gap-2">
          {holder ? (
            <Badge tone="warning">
              {t('inbox.heldBy', { name: names.get(holder) ?? t('inbox.someone') })}
            </Badge>
          ) : (
            <Badge>{t('inbox.agentAnswers')}</Badge>
          )}
          {canTakeOver && !holder ? (
            <Button busy={busy} onClick={() => void act(() => client.conversations.takeOver(conversationId))}>
              {t('inbox.takeOver')}
            </Button>
          ) : null}
          {canTakeOver && holder ? (
            <Button
              variant="secondary"
              busy={busy}
              onClick={() => void act(() => client.conversations.handBack(conversationId))}
            >
              {t('inbox.handBack')}
            </Button>
          ) : null}
        </div>
      </div>
      {actionError ? (
        <p role="alert" className="text-sm text-danger">
          {describeError(actionError, t)}
        </p>
      ) : null}
      <ol className="flex flex-1 flex-col gap-3" aria-live="polite" aria-busy={chat.answering}>
        {chat.view.entries.length === 0 ? (
          <li className="text-sm text-text-muted">{t('chat.empty')}</li>
        ) : null}
        {chat.view.entries.map((entry) => (
          <ChatEntryView key={entry.id} entry={entry} knowledge />
        ))}
      </ol>
      <p role="status" className="min-h-4 text-xs italic text-text-muted">
        {typers.length > 0 ? t('inbox.typing', { names: typers.join(', ') }) : ''}
        {chat.reconnecting ? t('chat.reconnecting') : ''}
      </p>
      {heldByMe ? (
        <form onSubmit={reply} className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <label htmlFor="inbox-reply" className="sr-only">
            {t('inbox.reply')}
          </label>
          <Textarea
            id="inbox-reply"
            className="min-h-12 flex-1"
            rows={2}
            placeholder={t('inbox.replyPlaceholder')}
            value={draft}
            onChange={(event) => onDraft(event.target.value)}
          />
          <Button type="submit" disabled={draft.trim() === ''}>
            {t('inbox.reply')}
          </Button>
        </form>
      ) : null}
    </Card>
  );
}
