import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { cx } from '../../ui/class-names.ts';
import { type ChecklistFacts, checklistSteps } from './checklist.ts';

const dismissedKey = (clientId: string) => `renum.checklist.dismissed.${clientId}`;

/**
 * The facts of the checklist, from the list APIs the other pages use. The keys sit under those pages'
 * keys (`['agents', …]`, `['credentials', …]`, …), so creating something anywhere ticks its step, and
 * each query refetches on return to the dashboard and on window focus.
 */
function useChecklistFacts(canInvite: boolean): ChecklistFacts | null {
  const client = useApi();
  // staleTime 0: every return to the dashboard re-reads, so a step done elsewhere is ticked at once.
  const agents = useQuery({
    staleTime: 0,
    queryKey: ['agents', 'checklist'],
    queryFn: ({ signal }) => client.agents.list({ limit: 1 }, { signal }),
  });
  const conversations = useQuery({
    staleTime: 0,
    queryKey: ['conversations', 'checklist'],
    queryFn: ({ signal }) => client.conversations.list({ limit: 1 }, { signal }),
  });
  const credentials = useQuery({
    staleTime: 0,
    queryKey: ['credentials'],
    queryFn: () => client.credentials.list(),
  });
  const members = useQuery({ staleTime: 0, queryKey: ['members'], queryFn: () => client.members.list() });
  const invitations = useQuery({
    staleTime: 0,
    queryKey: ['invitations'],
    queryFn: () => client.invitations.list(),
    enabled: canInvite,
  });
  if (!agents.data || !conversations.data || !credentials.data || !members.data) return null;
  return {
    agents: agents.data.data.length,
    conversations: conversations.data.data.length,
    credentials: credentials.data.data.length,
    members: members.data.data.length,
    pendingInvitations:
      invitations.data?.data.filter((invitation) => invitation.status === 'pending').length ?? 0,
  };
}

/** The first-run checklist on the dashboard: ticks itself, points at the next step, can be hidden when done. */
export function FirstRunChecklist() {
  const { t } = useI18n();
  const { me } = useAuth();
  const clientId = me?.client?.id ?? '';
  const [dismissed, setDismissed] = useState(
    () => globalThis.localStorage?.getItem(dismissedKey(clientId)) === '1',
  );
  const facts = useChecklistFacts(me?.role === 'owner' || me?.role === 'admin');
  if (dismissed || !facts) return null;
  const { steps, done, next } = checklistSteps(facts);
  return (
    <section
      aria-labelledby="checklist-title"
      className="mb-4 rounded-lg border border-primary/40 bg-surface-raised p-4"
      data-testid="first-run-checklist"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="checklist-title" className="text-lg font-semibold">
          {t('checklist.title')}
        </h2>
        <p className="text-sm text-text-muted">
          {t('checklist.progress', { done: String(done), total: String(steps.length) })}
        </p>
      </div>
      <progress className="sr-only" aria-label={t('checklist.title')} value={done} max={steps.length} />
      {next === null ? (
        <div className="mt-3 flex flex-wrap items-center justify-between gap-2">
          <p className="font-medium text-success">{t('checklist.allDone')}</p>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              globalThis.localStorage?.setItem(dismissedKey(clientId), '1');
              setDismissed(true);
            }}
          >
            {t('checklist.dismiss')}
          </Button>
        </div>
      ) : null}
      <ol className="mt-3 grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {steps.map((step) => (
          <li
            key={step.id}
            data-step={step.id}
            data-done={step.done}
            className={cx(
              'flex flex-col gap-1 rounded-md border p-3 text-sm',
              step === next ? 'border-primary' : 'border-border',
            )}
          >
            <p className="flex items-center gap-2 font-medium">
              <span
                aria-hidden="true"
                className={cx(
                  'grid h-5 w-5 shrink-0 place-items-center rounded-full border text-xs',
                  step.done ? 'border-success bg-success text-surface' : 'border-border',
                )}
              >
                {step.done ? '✓' : ''}
              </span>
              <span className={step.done ? 'line-through text-text-muted' : undefined}>{t(step.label)}</span>
              <span className="sr-only">({step.done ? t('checklist.done') : t('checklist.todo')})</span>
            </p>
            {step.done ? null : (
              <>
                <p className="text-text-muted">{t(step.hint)}</p>
                <Link to={step.to} className="text-primary underline">
                  {t('checklist.go')}
                  <span className="sr-only">: {t(step.label)}</span>
                </Link>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
