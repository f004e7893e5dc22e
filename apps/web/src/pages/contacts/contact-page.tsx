import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { MessageSquare, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { contactLabel } from './contact-label.ts';
import { EraseContactDialog } from './erase-contact-dialog.tsx';

const linkClass =
  'inline-flex h-10 items-center rounded-md border border-border bg-surface-raised px-4 text-sm font-medium hover:bg-surface-muted';

/** The contact's conversations across agents, newest first, each opening in the inbox. */
function ContactConversations({ contactId }: { contactId: string }) {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const conversations = useQuery({
    queryKey: ['conversations', 'contact', contactId],
    queryFn: ({ signal }) => client.conversations.list({ contact_id: contactId, limit: 50 }, { signal }),
  });
  return (
    <Card title={t('contacts.conversations')}>
      <QueryState query={conversations}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState icon={MessageSquare} title={t('contacts.noConversations')} />
          ) : (
            <ul className="flex flex-col divide-y divide-border text-sm">
              {page.data.map((conversation) => (
                <li key={conversation.id} className="flex flex-wrap items-center gap-2 py-2">
                  <Link
                    to="/inbox"
                    search={{ conversation: conversation.id }}
                    className="font-medium text-primary hover:underline"
                  >
                    {conversation.title ??
                      t('contacts.untitled', {
                        date: formatDate(conversation.created_at, { dateStyle: 'medium' }),
                      })}
                  </Link>
                  <Badge>{conversation.channel}</Badge>
                  <span className="text-xs text-text-muted">
                    {formatDate(conversation.last_message_at ?? conversation.created_at)}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </Card>
  );
}

/** What the agents remember about the contact, each memory forgettable on its own. */
function ContactMemories({ contactId, canForget }: { contactId: string; canForget: boolean }) {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const key = ['contacts', 'detail', contactId, 'memories'];
  const memories = useQuery({ queryKey: key, queryFn: () => client.contacts.memories(contactId) });
  const forget = useMutation({
    mutationFn: (memoryId: string) => client.contacts.deleteMemory(contactId, memoryId),
    onSuccess: async () => {
      toast({ title: t('contacts.forgotten'), tone: 'success' });
      await queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  return (
    <Card title={t('contacts.memories')}>
      <QueryState query={memories}>
        {(list) =>
          list.data.length === 0 ? (
            <EmptyState icon={MessageSquare} title={t('contacts.noMemories')} />
          ) : (
            <ul className="flex flex-col divide-y divide-border text-sm">
              {list.data.map((memory) => (
                <li key={memory.id} className="flex items-start justify-between gap-2 py-2">
                  <div>
                    <p>{memory.content}</p>
                    <p className="text-xs text-text-muted">{formatDate(memory.created_at)}</p>
                  </div>
                  {canForget ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={t('contacts.forgetNamed', { content: memory.content })}
                      onClick={() => forget.mutate(memory.id)}
                    >
                      {t('contacts.forget')}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </Card>
  );
}

/** One contact: details, conversations, memories, and erasure with a typed confirmation. */
export function ContactPage() {
  const { t } = useI18n();
  const client = useApi();
  const { me } = useAuth();
  const { contactId } = useParams({ from: '/app/contacts/$contactId' });
  const [erasing, setErasing] = useState(false);
  const contact = useQuery({
    queryKey: ['contacts', 'detail', contactId],
    queryFn: () => client.contacts.get(contactId),
  });
  const manager = me?.role === 'owner' || me?.role === 'admin';
  return (
    <QueryState query={contact}>
      {(data) => {
        const name = contactLabel(data) ?? t('contacts.unnamed');
        const details = [data.phone, data.email, data.external_id].filter(Boolean).join(' · ');
        return (
          <>
            <PageHeader
              title={name}
              description={details || undefined}
              actions={
                <>
                  <Link to="/contacts" className={linkClass}>
                    {t('contacts.back')}
                  </Link>
                  {manager ? (
                    <Button icon={Trash2} variant="danger" onClick={() => setErasing(true)}>
                      {t('contacts.erase')}
                    </Button>
                  ) : null}
                </>
              }
            />
            <div className="grid gap-4 lg:grid-cols-2">
              <ContactConversations contactId={data.id} />
              <ContactMemories contactId={data.id} canForget={manager} />
            </div>
            <EraseContactDialog contactId={data.id} name={name} open={erasing} onOpenChange={setErasing} />
          </>
        );
      }}
    </QueryState>
  );
}
