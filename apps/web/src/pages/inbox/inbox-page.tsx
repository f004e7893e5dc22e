import type { Conversation } from '@renum/contracts';
import type { RealtimeStatus } from '@renum/sdk';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Inbox } from 'lucide-react';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useRealtime, useRealtimeStatus } from '../../lib/realtime.tsx';
import { useApi } from '../../lib/web-api.tsx';
import type { InboxSearch } from '../../routes/search-schemas.ts';
import { Badge, cx, EmptyState, ErrorState, Field, Input, LoadingState, PageHeader } from '../../ui/index.ts';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { ConversationWatch } from './conversation-watch.tsx';
import { PresenceBar } from './presence-bar.tsx';

/** What the inbox list is filtered by. */
interface InboxFilters {
  agent: string;
  channel: string;
  status: string;
  takenOver: 'any' | 'yes' | 'no';
  search: string;
}

const noFilters: InboxFilters = { agent: '', channel: '', status: '', takenOver: 'any', search: '' };

/** How often the inbox's list is read while its WebSocket is not open (no frame says when to). */
export const inboxFallbackPollMs = 15_000;

/**
 * The inbox list's poll interval: none while the socket is open (a `conversation` frame comes when any
 * run of the client finishes, ADR 0068, and a `message` frame with each person's message), and
 * {@link inboxFallbackPollMs} while it is down.
 */
export function inboxPollInterval(status: RealtimeStatus): number | false {
  return status === 'open' ? false : inboxFallbackPollMs;
}

/**
 * The client's conversations, live: newest activity first, each with what this person has not read (from
 * their stored read receipts), filters and search answered by the server, and the open conversation
 * streaming with presence, typing and takeover.
 */
export function InboxPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const connection = useRealtime();
  const connectionStatus = useRealtimeStatus(connection);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as InboxSearch;
  const openId = search.conversation ?? null;
  const [filters, setFilters] = useState(noFilters);
  const searchText = useDeferredValue(filters.search.trim());
  const { me } = useAuth();
  const myId = me?.user?.id ?? null;

  const agents = useQuery({
    queryKey: ['agents', 'inbox'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
  });
  const conversations = useQuery({
    queryKey: ['inbox', filters.agent, filters.status, filters.channel, filters.takenOver, searchText],
    queryFn: ({ signal }) =>
      client.conversations.list(
        {
          limit: 100,
          sort: 'activity',
          ...(filters.agent ? { agent_id: filters.agent } : {}),
          ...(filters.status ? { status: filters.status as Conversation['status'] } : {}),
          ...(filters.channel ? { channel: filters.channel as Conversation['channel'] } : {}),
          ...(filters.takenOver === 'any' ? {} : { taken_over: filters.takenOver === 'yes' }),
          ...(searchText ? { q: searchText } : {}),
        },
        { signal },
      ),
    placeholderData: (previous) => previous,
    refetchInterval: inboxPollInterval(connectionStatus),
  });

  // Live: a message, a finished run or a handoff anywhere (`conversation`, followed or not), or this person
  // reading elsewhere, refreshes the list and its unread counts (the server counts them from the receipts).
  useEffect(
    () =>
      connection.on((frame) => {
        const mine = frame.type === 'read' && frame.user_id === myId;
        if (frame.type !== 'message' && frame.type !== 'conversation' && !mine) return;
        void queryClient.invalidateQueries({ queryKey: ['inbox'] });
      }),
    [connection, myId, queryClient],
  );

  const shown = useMemo(
    () => [...(conversations.data?.data ?? [])].sort((a, b) => activity(b).localeCompare(activity(a))),
    [conversations.data],
  );
  const unreadOf = (conversation: Conversation) =>
    conversation.id === openId ? 0 : (conversation.unread_count ?? 0);

  const open = (id: string) => void navigate({ to: '/inbox', search: { conversation: id } });
  const set = (change: Partial<InboxFilters>) => setFilters((current) => ({ ...current, ...change }));

  return (
    <>
      <PageHeader title={t('nav.inbox')} description={t('inbox.description')} />
      <PresenceBar />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[20rem_1fr]">
        <aside className="flex flex-col gap-3" aria-label={t('inbox.conversations')}>
          <Field label={t('inbox.search')}>
            <Input
              type="search"
              value={filters.search}
              onChange={(event) => set({ search: event.target.value })}
            />
          </Field>
          <div className="grid grid-cols-2 gap-2">
            <Field label={t('chat.agent')}>
              <SelectMenu value={filters.agent} onChange={(event) => set({ agent: event.target.value })}>
                <option value="">{t('inbox.all')}</option>
                {(agents.data?.data ?? []).map((agent) => (
                  <option key={agent.id} value={agent.id}>
                    {agent.name}
                  </option>
                ))}
              </SelectMenu>
            </Field>
            <Field label={t('inbox.channel')}>
              <SelectMenu value={filters.channel} onChange={(event) => set({ channel: event.target.value })}>
                <option value="">{t('inbox.all')}</option>
                {['web', 'whatsapp', 'api', 'sms', 'email'].map((channel) => (
                  <option key={channel} value={channel}>
                    {channel}
                  </option>
                ))}
              </SelectMenu>
            </Field>
            <Field label={t('inbox.status')}>
              <SelectMenu value={filters.status} onChange={(event) => set({ status: event.target.value })}>
                <option value="">{t('inbox.all')}</option>
                <option value="open">{t('inbox.status.open')}</option>
                <option value="closed">{t('inbox.status.closed')}</option>
                <option value="archived">{t('inbox.status.archived')}</option>
              </SelectMenu>
            </Field>
            <Field label={t('inbox.takenOver')}>
              <SelectMenu
                value={filters.takenOver}
                onChange={(event) => set({ takenOver: event.target.value as InboxFilters['takenOver'] })}
              >
                <option value="any">{t('inbox.all')}</option>
                <option value="yes">{t('inbox.takenOver.yes')}</option>
                <option value="no">{t('inbox.takenOver.no')}</option>
              </SelectMenu>
            </Field>
          </div>
          {conversations.isPending ? (
            <LoadingState />
          ) : conversations.isError ? (
            <ErrorState error={conversations.error} onRetry={() => void conversations.refetch()} />
          ) : shown.length === 0 ? (
            <p className="text-sm text-text-muted">{t('inbox.none')}</p>
          ) : (
            <ul className="flex max-h-64 flex-col gap-1 overflow-y-auto lg:max-h-[65vh]">
              {shown.map((conversation) => (
                <li key={conversation.id}>
                  <button
                    type="button"
                    aria-current={conversation.id === openId ? 'true' : undefined}
                    onClick={() => open(conversation.id)}
                    className={cx(
                      'flex w-full items-start justify-between gap-2 rounded-md px-3 py-2 text-left text-sm hover:bg-surface-muted',
                      conversation.id === openId && 'bg-surface-muted font-medium',
                    )}
                  >
                    <span className="min-w-0">
                      <span className="block truncate">{conversation.title ?? t('chat.untitled')}</span>
                      <span className="block text-xs text-text-muted">
                        {conversation.channel} · {formatDate(activity(conversation))}
                      </span>
                    </span>
                    <span className="flex shrink-0 flex-col items-end gap-1">
                      {conversation.taken_over_by ? <Badge tone="warning">{t('inbox.held')}</Badge> : null}
                      {unreadOf(conversation) > 0 ? (
                        <Badge tone="primary">
                          <span className="sr-only">{t('inbox.unread')}: </span>
                          {unreadOf(conversation)}
                        </Badge>
                      ) : null}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>
        {openId ? (
          <ConversationWatch key={openId} conversationId={openId} />
        ) : (
          <EmptyState icon={Inbox} title={t('inbox.pick')} description={t('inbox.pickHint')} />
        )}
      </div>
    </>
  );
}

/** When a conversation last moved. */
function activity(conversation: Conversation): string {
  return conversation.last_message_at ?? conversation.created_at;
}
