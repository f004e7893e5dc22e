import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import type { PlaygroundSearch } from '../../routes/search-schemas.ts';
import {
  Button,
  cx,
  EmptyState,
  ErrorState,
  Field,
  LoadingState,
  PageHeader,
  Select,
} from '../../ui/index.ts';
import { ChatPanel } from './chat-panel.tsx';

/**
 * Chat with an agent (drafts too): pick it, reopen an earlier conversation or start a new one, and
 * watch the answer stream with routing, tool calls and status as they happen.
 */
export function PlaygroundPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as PlaygroundSearch;
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);

  const agents = useQuery({
    queryKey: ['agents', 'playground'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
  });
  const agentId = search.agent ?? agents.data?.data[0]?.id ?? null;
  const conversations = useQuery({
    queryKey: ['conversations', { agent_id: agentId }],
    queryFn: ({ signal }) =>
      client.conversations.list({ agent_id: agentId ?? undefined, limit: 50 }, { signal }),
    enabled: agentId !== null,
  });
  const conversationId = search.conversation ?? null;

  const go = (next: { agent?: string | undefined; conversation?: string | undefined }) =>
    void navigate({ to: '/playground', search: next });

  async function startConversation() {
    if (!agentId) return;
    setCreating(true);
    setCreateError(null);
    try {
      const created = await client.conversations.create(agentId, { title: t('chat.newTitle') });
      await queryClient.invalidateQueries({ queryKey: ['conversations'] });
      go({ agent: agentId, conversation: created.id });
    } catch (error) {
      setCreateError(error);
    } finally {
      setCreating(false);
    }
  }

  if (agents.isPending) return <LoadingState />;
  if (agents.isError) return <ErrorState error={agents.error} onRetry={() => void agents.refetch()} />;
  if (agents.data.data.length === 0) {
    return (
      <>
        <PageHeader title={t('nav.playground')} />
        <EmptyState title={t('chat.noAgents')} description={t('chat.noAgentsHint')} />
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('nav.playground')} description={t('chat.description')} />
      <div className="grid gap-4 lg:grid-cols-[16rem_1fr]">
        <aside className="flex flex-col gap-3" aria-label={t('chat.conversations')}>
          <Field label={t('chat.agent')}>
            <Select value={agentId ?? ''} onChange={(event) => go({ agent: event.target.value })}>
              {agents.data.data.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.status === 'active' ? agent.name : `${agent.name} (${agent.status})`}
                </option>
              ))}
            </Select>
          </Field>
          <Button onClick={() => void startConversation()} busy={creating} disabled={!agentId}>
            {t('chat.new')}
          </Button>
          {createError ? (
            <p role="alert" className="text-sm text-danger">
              {describeError(createError, t)}
            </p>
          ) : null}
          <h2 className="text-sm font-semibold text-text-muted">{t('chat.conversations')}</h2>
          {conversations.isPending ? (
            <LoadingState />
          ) : conversations.isError ? (
            <ErrorState error={conversations.error} onRetry={() => void conversations.refetch()} />
          ) : conversations.data.data.length === 0 ? (
            <p className="text-sm text-text-muted">{t('chat.noConversations')}</p>
          ) : (
            <ul className="flex max-h-48 flex-col gap-1 overflow-y-auto lg:max-h-[60vh]">
              {conversations.data.data.map((conversation) => (
                <li key={conversation.id}>
                  <button
                    type="button"
                    aria-current={conversation.id === conversationId ? 'true' : undefined}
                    onClick={() => go({ agent: agentId ?? undefined, conversation: conversation.id })}
                    className={cx(
                      'w-full rounded-md px-3 py-2 text-left text-sm hover:bg-surface-muted',
                      conversation.id === conversationId && 'bg-surface-muted font-medium',
                    )}
                  >
                    <span className="block truncate">{conversation.title ?? t('chat.untitled')}</span>
                    <span className="block text-xs text-text-muted">
                      {formatDate(conversation.last_message_at ?? conversation.created_at)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </aside>
        {conversationId ? (
          <ChatPanel key={conversationId} conversationId={conversationId} />
        ) : (
          <EmptyState title={t('chat.pick')} description={t('chat.pickHint')} />
        )}
      </div>
    </>
  );
}
