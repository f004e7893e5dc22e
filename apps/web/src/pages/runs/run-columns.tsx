import type { RunSummary } from '@renum/contracts';
import { Link } from '@tanstack/react-router';
import type { useI18n } from '../../i18n/i18n.tsx';
import { Badge, type Column } from '../../ui/index.ts';
import { subAgentAnchor } from '../agents/use-hash-target.ts';
import { runDurationMs, runStatusTone } from './run-format.ts';

type Formatters = Pick<ReturnType<typeof useI18n>, 't' | 'formatNumber' | 'formatDate'>;

/**
 * The runs table's columns. The first cell holds the row's real link (the time), so a keyboard reaches
 * each run with Tab and opens it with Enter; the rest of the row is clickable for a mouse.
 */
export function runColumns({ t, formatNumber, formatDate }: Formatters): Array<Column<RunSummary>> {
  return [
    {
      key: 'time',
      header: t('runs.time'),
      // On one line where the row's seven columns fit beside the app's menu (1280 px and wider).
      className: 'xl:whitespace-nowrap',
      cell: (run) => {
        const time = formatDate(run.started_at ?? run.queued_at, { dateStyle: 'short', timeStyle: 'short' });
        return (
          <Link
            to="/runs/$runId"
            params={{ runId: run.id }}
            className="font-medium text-primary underline-offset-2 hover:underline"
            data-testid="run-link"
          >
            {time}
            <span className="sr-only"> — {t('runs.open')}</span>
          </Link>
        );
      },
    },
    {
      key: 'agent',
      header: t('runs.agent'),
      cell: (run) => (
        <span className="flex flex-col gap-0.5">
          <span className="font-medium">{run.agent_name ?? run.agent_id.slice(0, 8)}</span>
          {run.sub_agent_id && run.sub_agent_name ? (
            <Link
              to="/agents/$agentId"
              params={{ agentId: run.agent_id }}
              hash={subAgentAnchor(run.sub_agent_id)}
              className="text-xs text-text-muted underline-offset-2 hover:underline"
              data-testid="run-sub-agent"
            >
              {t('runs.viaSubAgent', { name: run.sub_agent_name })}
            </Link>
          ) : null}
          {run.message_preview ? (
            // Where the message column is hidden (below 1024 px), its first words go under the agent instead.
            <span className="line-clamp-2 break-words text-xs lg:hidden" data-testid="run-preview-phone">
              {run.message_preview}
            </span>
          ) : null}
          {run.schedule ? (
            <span>
              <Link to="/schedules" className="no-underline" title={t('runs.schedule')}>
                <Badge>{t('runs.scheduled', { name: run.schedule.name })}</Badge>
              </Link>
            </span>
          ) : null}
        </span>
      ),
    },
    {
      key: 'message',
      header: t('runs.message'),
      shownFrom: 'lg',
      className: 'min-w-40 max-w-xs',
      cell: (run) =>
        run.message_preview ? (
          <span className="line-clamp-2 break-words" data-testid="run-preview">
            {run.message_preview}
          </span>
        ) : (
          <span className="text-text-muted">{t('runs.noMessage')}</span>
        ),
    },
    {
      key: 'status',
      header: t('runs.status'),
      cell: (run) => <Badge tone={runStatusTone(run.status)}>{t(`runs.state.${run.status}`)}</Badge>,
    },
    {
      key: 'duration',
      header: t('runs.duration'),
      shownFrom: 'lg',
      className: 'whitespace-nowrap',
      cell: (run) => {
        const ms = runDurationMs(run);
        return ms === null
          ? '—'
          : t('runs.seconds', { value: formatNumber(ms / 1000, { maximumFractionDigits: 1 }) });
      },
    },
    {
      key: 'tokens',
      header: t('runs.tokens'),
      // Below 1280 px the table would reach past its card: the tokens stay on the run's own page.
      shownFrom: 'xl',
      cell: (run) => formatNumber(run.tokens_input + run.tokens_output),
    },
    {
      key: 'cost',
      header: t('runs.cost'),
      shownFrom: 'lg',
      cell: (run) =>
        formatNumber(run.cost_usd, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }),
    },
  ];
}
