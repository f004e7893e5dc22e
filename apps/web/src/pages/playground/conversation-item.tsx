import type { Conversation } from '@renum/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Pencil, Save, Trash2 } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button, ConfirmDialog, cx, Dialog, Field, Input } from '../../ui/index.ts';

/**
 * One conversation of the playground's list: opens it, and renames or deletes it (the server titles a
 * conversation from its first message; a rename replaces that).
 */
export function ConversationItem({
  conversation,
  current,
  onOpen,
  onDeleted,
}: {
  conversation: Conversation;
  current: boolean;
  onOpen(): void;
  onDeleted(): void;
}) {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const title = conversation.title ?? t('chat.untitled');
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [draft, setDraft] = useState(title);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  /** Runs `action`, refreshes the list and calls `done`; false (the error shown) when it failed. */
  async function act(action: () => Promise<unknown>, done: () => void): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ['conversations'] });
      done();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  }

  function rename(event: FormEvent) {
    event.preventDefault();
    const next = draft.trim();
    if (!next) return;
    void act(
      () => client.conversations.update(conversation.id, { title: next }),
      () => setRenaming(false),
    );
  }

  const errorText = error ? (
    <p role="alert" className="text-sm text-danger">
      {describeError(error, t)}
    </p>
  ) : null;
  return (
    <li className="group flex items-start gap-1" data-testid="conversation-item">
      <button
        type="button"
        aria-current={current ? 'true' : undefined}
        onClick={onOpen}
        className={cx(
          'min-w-0 flex-1 rounded-md px-3 py-2 text-left text-sm hover:bg-surface-muted',
          current && 'bg-surface-muted font-medium',
        )}
      >
        <span className="block truncate">{title}</span>
        <span className="block text-xs text-text-muted">
          {formatDate(conversation.last_message_at ?? conversation.created_at)}
        </span>
      </button>
      <Button
        variant="ghost"
        aria-label={t('playground.renameLabel', { title })}
        title={t('playground.rename')}
        onClick={() => {
          setDraft(title);
          setError(null);
          setRenaming(true);
        }}
      >
        <Pencil aria-hidden="true" className="h-4 w-4" />
      </Button>
      <Button
        variant="ghost"
        aria-label={t('playground.deleteLabel', { title })}
        title={t('playground.delete')}
        onClick={() => {
          setError(null);
          setDeleting(true);
        }}
      >
        <Trash2 aria-hidden="true" className="h-4 w-4" />
      </Button>
      <Dialog open={renaming} onOpenChange={setRenaming} title={t('playground.renameTitle')}>
        <form onSubmit={rename} className="flex flex-col gap-3">
          <Field label={t('playground.titleField')}>
            <Input value={draft} maxLength={200} onChange={(event) => setDraft(event.target.value)} />
          </Field>
          {errorText}
          <Button icon={Save} type="submit" busy={busy} disabled={draft.trim() === ''}>
            {t('playground.save')}
          </Button>
        </form>
      </Dialog>
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t('playground.deleteTitle')}
        description={`${title}: ${t('playground.deleteDescription')}`}
        confirmLabel={t('playground.delete')}
        busy={busy}
        onConfirm={async () => {
          const done = () => {
            setDeleting(false);
            onDeleted();
          };
          // A refusal (an answer in progress: 409) closes the dialog and shows why under the item.
          if (!(await act(() => client.conversations.delete(conversation.id), done))) setDeleting(false);
        }}
      />
      {renaming ? null : errorText}
    </li>
  );
}
