import type { TeamAgentExecution } from '@renum/contracts';
import { Link } from '@tanstack/react-router';
import { useI18n } from '../../i18n/i18n.tsx';
import { useRunStoryT } from '../../i18n/run-story.ts';
import { errorCodeMessage } from '../../lib/describe-error.ts';
import { type RunNoteSource, runNoteText } from '../../lib/run-note-text.ts';
import { Badge } from '../../ui/index.ts';
import type { StepMetrics } from './execution-totals.ts';
import { stepTone } from './team-format.ts';

/** A note the live stream brought for a step: a retry, an error or a tool call. */
export type StepNote =
  | { kind: 'retry'; note: RunNoteSource }
  | { kind: 'error'; code: string; error: string }
  | { kind: 'tool'; tool: string }
  | { kind: 'resumed' };

/** What the live stream showed of one step: its streamed text, its notes, and its usage once it ended. */
export interface StepLive {
  text: string;
  notes: StepNote[];
  /** From the step's `step_end`, until the step's row is read again with them. */
  metrics?: StepMetrics | undefined;
}

/** A note in the reader's language: retries from their code, errors from their code's message. */
function StepNoteText({ note }: { note: StepNote }) {
  const { t } = useI18n();
  const tr = useRunStoryT();
  if (note.kind === 'retry') return <>{runNoteText(note.note, tr)}</>;
  if (note.kind === 'error') return <>{errorCodeMessage(note.code, t) ?? note.error}</>;
  if (note.kind === 'resumed') return <>{t('chat.resumed')}</>;
  return <>{tr('runNote.tool.calling', { tool: note.tool })}</>;
}

/**
 * Why a step did not complete, in the reader's language: the message of its error code when known
 * (the server's own text kept under "Details"), and for a skipped step the reason steps are skipped.
 */
function StepOutcome({ step }: { step: TeamAgentExecution }) {
  const { t } = useI18n();
  if (step.status === 'skipped')
    return <p className="mt-2 text-sm text-text-muted">{t('teams.skippedReason')}</p>;
  // A step being retried keeps its last attempt's error; the live notes tell that story, not an alert.
  if (step.status === 'pending' || step.status === 'running') return null;
  if (!step.error && !step.error_code) return null;
  const message = step.error_code ? errorCodeMessage(step.error_code, t) : undefined;
  return (
    <div role="alert" className="mt-2 text-sm text-danger">
      <p>{message ?? step.error}</p>
      {message && step.error ? (
        <details className="mt-1 text-xs text-text-muted">
          <summary>{t('teams.errorDetails')}</summary>
          <code>{step.error_code}</code> {step.error}
        </details>
      ) : null}
    </div>
  );
}

/** One step of an execution: its state, output, live notes, outcome, and usage and cost. */
export function StepCard({
  step,
  live,
  agentName,
  money,
}: {
  step: TeamAgentExecution;
  live: StepLive | undefined;
  agentName: string | undefined;
  money(value: string | undefined): string;
}) {
  const { t, formatNumber } = useI18n();
  const result =
    step.result === null || step.result === undefined
      ? null
      : typeof step.result === 'string'
        ? step.result
        : JSON.stringify(step.result, null, 2);
  const output = step.status === 'running' ? (live?.text ?? '') : (result ?? live?.text ?? '');
  // The step ended (its step_end said so) before its row was read again: the event's usage until then.
  const usage = step.individual_usage_metrics ?? live?.metrics?.usage;
  const cost = step.individual_cost_metrics ?? live?.metrics?.cost;
  return (
    <li
      className="rounded-lg border border-border bg-surface-raised p-4"
      data-testid={`execution-step-${step.step_index}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">
          {t('teams.stepTitle', { number: step.step_index + 1, role: step.role })}
        </h3>
        <span className="text-sm text-text-muted">{agentName ?? ''}</span>
        <Badge tone={stepTone(step.status)}>{t(`teams.stepState.${step.status}`)}</Badge>
        {step.attempts > 1 ? (
          <Badge tone="warning">{t('teams.attempts', { count: step.attempts })}</Badge>
        ) : null}
        {step.run_id ? (
          <Link to="/runs/$runId" params={{ runId: step.run_id }} className="text-sm text-primary underline">
            {t('teams.openRun')}
          </Link>
        ) : null}
      </div>
      {output ? (
        <pre
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a long output scrolls; axe's scrollable-region-focusable
          tabIndex={0}
          className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-words text-sm focus-visible:outline-2 focus-visible:outline-primary"
        >
          {output}
        </pre>
      ) : null}
      {(live?.notes ?? []).map((note, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: notes only grow
        <p key={index} className="mt-1 text-xs text-warning">
          <StepNoteText note={note} />
        </p>
      ))}
      <StepOutcome step={step} />
      {usage ? (
        <p className="mt-2 text-xs text-text-muted">
          {t('teams.stepUsage', {
            tokens: formatNumber(usage.total_tokens),
            calls: usage.model_calls,
            cost: money(cost?.cost_usd),
          })}
        </p>
      ) : null}
    </li>
  );
}
