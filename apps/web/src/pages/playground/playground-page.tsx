import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { MessageSquare, Plus } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useRealtime } from '../../lib/realtime.tsx';
import { useApi } from '../../lib/web-api.tsx';
import type { PlaygroundSearch } from '../../routes/search-schemas.ts';
import { Button, EmptyState, ErrorState, Field, LoadingState, PageHeader } from '../../ui/index.ts';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { ChatPanel } from './chat-panel.tsx';
import { ConversationItem } from './conversation-item.tsx';

/**
 * Chat with an agent (drafts too): pick it, reopen an earlier conversation or start a new one, and
 * watch the answer stream with routing, tool calls and status as they happen.
 */
export function PlaygroundPage() {
  const { t } = useI18n();
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
  const connection = useRealtime();
  // The list shows each conversation's title, which its first message gives it, and its last activity:
  // read again when a message is stored or a run ends in one of them (ADR 0068), here or elsewhere.
  useEffect(
    () =>
      connection.on((frame) => {
        if (frame.type === 'message' || frame.type === 'conversation')
          void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      }),
    [connection, queryClient],
  );

  const go = (next: { agent?: string | undefined; conversation?: string | undefined }) =>
    void navigate({ to: '/playground', search: next });

  async function startConversation() {
    if (!agentId) return;
    setCreating(true);
    setCreateError(null);
    try {
      const created = await client.conversations.create(agentId);
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
        <EmptyState icon={MessageSquare} title={t('chat.noAgents')} description={t('chat.noAgentsHint')} />
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('nav.playground')} description={t('chat.description')} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[16rem_1fr]">
        {/* The chat comes first in the page (first on a phone); on a wide screen the list sits to its left. */}
        <section data-testid="playground-chat" className="min-w-0 lg:col-start-2 lg:row-start-1">
          {conversationId ? (
            <ChatPanel key={conversationId} conversationId={conversationId} />
          ) : (
            <EmptyState icon={MessageSquare} title={t('chat.pick')} description={t('chat.pickHint')} />
          )}
        </section>
        <aside
          className="flex flex-col gap-3 lg:col-start-1 lg:row-start-1"
          aria-label={t('chat.conversations')}
        >
          <Field label={t('chat.agent')}>
            <SelectMenu value={agentId ?? ''} onChange={(event) => go({ agent: event.target.value })}>
              {agents.data.data.map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.status === 'active'
                    ? agent.name
                    : `${agent.name} (${t(`agents.status.${agent.status}`)})`}
                </option>
              ))}
            </SelectMenu>
          </Field>
          <Button icon={Plus} onClick={() => void startConversation()} busy={creating} disabled={!agentId}>
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
                <ConversationItem
                  key={conversation.id}
                  conversation={conversation}
                  current={conversation.id === conversationId}
                  onOpen={() => go({ agent: agentId ?? undefined, conversation: conversation.id })}
                  onDeleted={() => {
                    if (conversation.id === conversationId) go({ agent: agentId ?? undefined });
                  }}
                />
              ))}
            </ul>
          )}
        </aside>
      </div>
    </>
  );
}
