import type { ApprovalRequest } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { CheckCheck } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Textarea } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { useFallbackPoll } from '../notifications/live-status.ts';

type Decision = {
  id: string;
  decision: 'approve' | 'reject';
  reason?: string;
  arguments?: Record<string, unknown>;
};

/** The approvals inbox: pending requests with their context, approve / reject / approve with changes; then the decided ones. */
export function ApprovalsPage() {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [tab, setTab] = useState<'pending' | 'decided'>('pending');
  const [rejecting, setRejecting] = useState<ApprovalRequest | null>(null);
  const [editing, setEditing] = useState<ApprovalRequest | null>(null);
  // New requests arrive as notification frames (ADR 0061); the poll is the socket's fallback.
  const poll = useFallbackPoll();
  const approvals = useQuery({
    queryKey: ['approvals', tab],
    queryFn: ({ signal }) => client.approvals.list({ status: tab, limit: 50 }, { signal }),
    refetchInterval: tab === 'pending' ? poll : false,
  });
  const decide = useMutation({
    mutationFn: ({ id, ...body }: Decision) => client.approvals.decide(id, body),
    onSuccess: async () => {
      setRejecting(null);
      setEditing(null);
      toast({ title: t('approvals.decidedToast'), tone: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['approvals'] });
    },
    onError: async (error) => {
      toast({ title: describeError(error, t), tone: 'error' });
      await queryClient.invalidateQueries({ queryKey: ['approvals'] });
    },
  });
  return (
    <>
      <PageHeader title={t('nav.approvals')} description={t('approvals.description')} />
      <div role="tablist" aria-label={t('nav.approvals')} className="mb-4 flex gap-2">
        {(['pending', 'decided'] as const).map((value) => (
          <Button
            key={value}
            role="tab"
            aria-selected={tab === value}
            variant={tab === value ? 'primary' : 'secondary'}
            size="sm"
            onClick={() => setTab(value)}
          >
            {t(value === 'pending' ? 'approvals.pending' : 'approvals.decided')}
          </Button>
        ))}
      </div>
      <QueryState query={approvals}>
        {(list) =>
          list.data.length === 0 ? (
            <EmptyState
              icon={CheckCheck}
              title={t(tab === 'pending' ? 'approvals.empty' : 'approvals.emptyDecided')}
            />
          ) : (
            <ul className="flex flex-col gap-3">
              {list.data.map((request) => (
                <li key={request.id}>
                  <ApprovalCard
                    request={request}
                    busy={decide.isPending}
                    onApprove={() => decide.mutate({ id: request.id, decision: 'approve' })}
                    onReject={() => setRejecting(request)}
                    onEdit={() => setEditing(request)}
                  />
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <Dialog
        open={rejecting !== null}
        onOpenChange={(open) => (open ? undefined : setRejecting(null))}
        title={t('approvals.rejectTitle', { name: rejecting?.tool ?? '' })}
      >
        <ReasonForm
          busy={decide.isPending}
          onSubmit={(reason) =>
            rejecting &&
            decide.mutate({ id: rejecting.id, decision: 'reject', ...(reason ? { reason } : {}) })
          }
        />
      </Dialog>
      <Dialog
        open={editing !== null}
        onOpenChange={(open) => (open ? undefined : setEditing(null))}
        title={t('approvals.editTitle', { name: editing?.tool ?? '' })}
      >
        {editing ? (
          <ArgumentsForm
            initial={editing.arguments}
            busy={decide.isPending}
            onSubmit={(args) => decide.mutate({ id: editing.id, decision: 'approve', arguments: args })}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function ApprovalCard(props: {
  request: ApprovalRequest;
  busy: boolean;
  onApprove: () => void;
  onReject: () => void;
  onEdit: () => void;
}) {
  const { t, formatDate } = useI18n();
  const { request } = props;
  const statusTone =
    request.status === 'approved' ? 'success' : request.status === 'rejected' ? 'danger' : 'warning';
  const statusLabel =
    request.status === 'approved'
      ? t('approvals.approved')
      : request.status === 'rejected'
        ? t('approvals.rejected')
        : t('approvals.statusPending');
  return (
    <Card>
      <article aria-labelledby={`approval-${request.id}`} className="flex flex-col gap-3">
        <header className="flex flex-wrap items-center gap-2">
          <h2 id={`approval-${request.id}`} className="font-mono text-base font-semibold">
            {request.tool}
          </h2>
          <Badge tone={statusTone}>{statusLabel}</Badge>
          {request.execution_status === 'executed' ? (
            <Badge tone="success">{t('approvals.executed')}</Badge>
          ) : null}
          {request.execution_status === 'failed' ? (
            <Badge tone="danger">{t('approvals.failed')}</Badge>
          ) : null}
          {request.decided_via === 'deadline' ? <Badge>{t('approvals.byDeadline')}</Badge> : null}
        </header>
        <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-text-muted">{t('approvals.arguments')}</dt>
          <dd>
            <pre className="overflow-x-auto rounded bg-surface-muted p-2 font-mono text-xs">
              {JSON.stringify(request.edited_arguments ?? request.arguments, null, 2)}
            </pre>
          </dd>
          {request.warnings.length > 0 ? (
            <>
              <dt className="text-text-muted">{t('approvals.warnings')}</dt>
              <dd>
                <ul className="list-disc pl-4 text-warning">
                  {request.warnings.map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          <dt className="text-text-muted">{t('approvals.requested')}</dt>
          <dd>{formatDate(request.created_at)}</dd>
          <dt className="text-text-muted">{t('approvals.deadline')}</dt>
          <dd>{formatDate(request.deadline_at)}</dd>
          {request.decision_reason ? (
            <>
              <dt className="text-text-muted">{t('approvals.reason')}</dt>
              <dd>{request.decision_reason}</dd>
            </>
          ) : null}
        </dl>
        <div className="flex flex-wrap items-center gap-2">
          <Link
            to="/playground"
            search={{ conversation: request.conversation_id }}
            className="text-sm text-primary underline"
          >
            {t('approvals.conversation')}
          </Link>
          {request.status === 'pending' ? (
            <div className="ml-auto flex flex-wrap gap-2">
              <Button
                size="sm"
                disabled={props.busy}
                aria-label={t('approvals.approveNamed', { name: request.tool })}
                onClick={props.onApprove}
              >
                {t('approvals.approve')}
              </Button>
              <Button size="sm" variant="secondary" disabled={props.busy} onClick={props.onEdit}>
                {t('approvals.editArguments')}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                disabled={props.busy}
                aria-label={t('approvals.rejectNamed', { name: request.tool })}
                onClick={props.onReject}
              >
                {t('approvals.reject')}
              </Button>
            </div>
          ) : null}
        </div>
      </article>
    </Card>
  );
}

function ReasonForm({ busy, onSubmit }: { busy: boolean; onSubmit: (reason: string) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(reason.trim());
      }}
    >
      <Field label={t('approvals.reason')}>
        <Textarea value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      </Field>
      <Button type="submit" variant="danger" disabled={busy}>
        {t('approvals.reject')}
      </Button>
    </form>
  );
}

function ArgumentsForm(props: {
  initial: Record<string, unknown>;
  busy: boolean;
  onSubmit: (args: Record<string, unknown>) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(JSON.stringify(props.initial, null, 2));
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        try {
          const parsed: unknown = JSON.parse(text);
          if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
            throw new Error('not an object');
          setError(undefined);
          props.onSubmit(parsed as Record<string, unknown>);
        } catch {
          setError(t('approvals.invalidJson'));
        }
      }}
    >
      <Field label={t('approvals.argumentsJson')} error={error}>
        <Textarea
          className="font-mono text-xs"
          rows={8}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </Field>
      <Button type="submit" disabled={props.busy}>
        {t('approvals.approve')}
      </Button>
    </form>
  );
}
