import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Command } from 'cmdk';
import { Bot, MessageSquare, Plus, Search } from 'lucide-react';
import { Dialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useApi } from '../lib/web-api.tsx';
import { NavIcon } from './nav-icon.tsx';
import { navItems } from './nav-items.ts';

/** Where a palette entry goes: a route and, for a conversation, the one to open there. */
type Destination =
  | { to: string }
  | { to: '/agents/$agentId'; params: { agentId: string } }
  | { to: '/inbox'; search: { conversation: string } };

// Matches the typed words anywhere in an entry's label (and its group's name), case and accents
// ignored: a palette people type names into, where fuzzy matching surprises more than it helps.
function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
function matches(_value: string, search: string, keywords?: string[]): number {
  const haystack = normalise((keywords ?? []).join(' '));
  return normalise(search)
    .split(/\s+/)
    .every((word) => haystack.includes(word))
    ? 1
    : 0;
}

const item =
  'flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 text-sm text-text ' +
  'data-[selected=true]:bg-primary/10 data-[selected=true]:text-text';
const group =
  '[&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-3 ' +
  '[&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:text-text-muted';

function Entry(props: {
  id: string;
  label: string;
  groupName: string;
  icon: ReactNode;
  onSelect(): void;
  children?: ReactNode;
}) {
  return (
    <Command.Item
      value={props.id}
      keywords={[props.label, props.groupName]}
      onSelect={props.onSelect}
      className={item}
    >
      <span className="shrink-0 text-text-muted">{props.icon}</span>
      <span className="truncate">{props.label}</span>
      {props.children}
    </Command.Item>
  );
}

/** The agents and latest conversations the palette offers, loaded when it opens. */
function usePaletteData(open: boolean) {
  const client = useApi();
  const agents = useQuery({
    queryKey: ['palette', 'agents'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
    enabled: open,
  });
  const conversations = useQuery({
    queryKey: ['palette', 'conversations'],
    queryFn: ({ signal }) => client.conversations.list({ limit: 50 }, { signal }),
    enabled: open,
  });
  return { agents, conversations };
}

/**
 * The command palette (Ctrl/Cmd+K): pages, agents and conversations, filtered as one types, chosen with
 * the arrow keys and Enter. A modal dialog: focus stays inside, Escape closes it, and focus goes back
 * to where it was.
 */
export default function CommandPalette({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange(open: boolean): void;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { agents, conversations } = usePaletteData(open);
  const go = (destination: Destination) => {
    onOpenChange(false);
    void navigate(destination as Parameters<typeof navigate>[0]);
  };
  const agentNames = new Map((agents.data?.data ?? []).map((agent) => [agent.id, agent.name]));
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed left-1/2 top-[10vh] z-50 w-[min(40rem,calc(100vw-2rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-border bg-surface-raised shadow-xl"
        >
          <Dialog.Title className="sr-only">{t('palette.title')}</Dialog.Title>
          <Command label={t('palette.title')} filter={matches} loop>
            <div className="flex items-center gap-2 border-b border-border px-3">
              <Search aria-hidden="true" className="h-4 w-4 text-text-muted" />
              <Command.Input
                placeholder={t('palette.placeholder')}
                className="h-12 w-full bg-transparent text-sm text-text outline-none placeholder:text-text-muted"
              />
            </div>
            <Command.List className="max-h-[min(24rem,60vh)] overflow-y-auto p-2">
              {agents.isPending || conversations.isPending ? (
                <Command.Loading>
                  <p className="px-3 py-2 text-sm text-text-muted">{t('palette.loading')}</p>
                </Command.Loading>
              ) : null}
              <Command.Empty className="px-3 py-6 text-center text-sm text-text-muted">
                {t('palette.empty')}
              </Command.Empty>
              <Command.Group heading={t('palette.pages')} className={group}>
                {navItems.map((entry) => (
                  <Entry
                    key={entry.to}
                    id={`page:${entry.to}`}
                    label={t(entry.label)}
                    groupName={t('palette.pages')}
                    icon={<NavIcon icon={entry.icon} className="h-4 w-4" />}
                    onSelect={() => go({ to: entry.to })}
                  />
                ))}
                <Entry
                  id="page:/agents/new"
                  label={t('palette.newAgent')}
                  groupName={t('palette.pages')}
                  icon={<Plus aria-hidden="true" className="h-4 w-4" />}
                  onSelect={() => go({ to: '/agents/new' })}
                />
              </Command.Group>
              <Command.Group heading={t('palette.agents')} className={group}>
                {(agents.data?.data ?? []).map((agent) => (
                  <Entry
                    key={agent.id}
                    id={`agent:${agent.id}`}
                    label={agent.name}
                    groupName={t('palette.agents')}
                    icon={<Bot aria-hidden="true" className="h-4 w-4" />}
                    onSelect={() => go({ to: '/agents/$agentId', params: { agentId: agent.id } })}
                  />
                ))}
              </Command.Group>
              <Command.Group heading={t('palette.conversations')} className={group}>
                {(conversations.data?.data ?? []).map((conversation) => (
                  <Entry
                    key={conversation.id}
                    id={`conversation:${conversation.id}`}
                    label={conversation.title ?? t('palette.untitled')}
                    groupName={t('palette.conversations')}
                    icon={<MessageSquare aria-hidden="true" className="h-4 w-4" />}
                    onSelect={() => go({ to: '/inbox', search: { conversation: conversation.id } })}
                  >
                    <span className="ml-auto shrink-0 text-xs text-text-muted">
                      {agentNames.get(conversation.agent_id) ?? ''}
                    </span>
                  </Entry>
                ))}
              </Command.Group>
            </Command.List>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
