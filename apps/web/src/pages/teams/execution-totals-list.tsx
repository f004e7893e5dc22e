import type { TeamExecution } from '@renum/contracts';
import { useI18n } from '../../i18n/i18n.tsx';
import { executionTotals } from './execution-totals.ts';
import type { StepLive } from './team-step-card.tsx';

/**
 * The execution's tokens and cost: its totals once it ended, and while it runs the sum of the steps
 * finished so far (labelled so, with how many steps that is), growing as each step ends.
 */
export function ExecutionTotalsList({
  execution,
  live,
  money,
}: {
  execution: TeamExecution;
  live: Readonly<Record<number, StepLive>>;
  money(value: string | undefined): string;
}) {
  const { t, formatNumber } = useI18n();
  const streamed = Object.fromEntries(Object.entries(live).map(([index, step]) => [index, step.metrics]));
  const totals = executionTotals(execution, streamed);
  const running = execution.status === 'pending' || execution.status === 'running';
  const soFar = running && !totals.final;
  return (
    <>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="execution-totals">
        <dt className="text-text-muted">{soFar ? t('teams.tokensSoFar') : t('teams.tokens')}</dt>
        <dd>{totals.usage ? formatNumber(totals.usage.total_tokens) : '—'}</dd>
        <dt className="text-text-muted">{soFar ? t('teams.costSoFar') : t('teams.cost')}</dt>
        <dd>{totals.costUsd === null ? '—' : money(totals.costUsd)}</dd>
      </dl>
      {soFar ? (
        <p className="mt-1 text-xs text-text-muted">
          {t('teams.finishedSteps', { finished: totals.finishedSteps, total: totals.steps })}
        </p>
      ) : null}
    </>
  );
}
