import type { RunEvent, RunSummary } from '@renum/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useRunStoryT } from '../../i18n/run-story.ts';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Card, ErrorState, LoadingState, PageHeader } from '../../ui/index.ts';
import { subAgentAnchor } from '../agents/use-hash-target.ts';
import { runDurationMs, runStatusTone } from './run-format.ts';
import { RunRouting } from './run-routing.tsx';
import { errorWords, RunTimeline } from './run-timeline.tsx';

/**
 * One run read as a story: who answered (agent and sub-agent, linked), the routing decision in words, the
 * summary with its error translated, and its events as a timeline in the reader's language.
 */
export function RunDetailPage() {
  const { t, formatNumber, formatDate } = useI18n();
  const tr = useRunStoryT();
  const client = useApi();
  const { runId } = useParams({ strict: false }) as { runId: string };
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: ['run', runId],
    queryFn: ({ signal }) => client.runs.get(runId, { signal }),
  });
  const [events, setEvents] = useState<RunEvent[]>([]);
  const [eventsError, setEventsError] = useState<unknown>(null);
  const [eventsDone, setEventsDone] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setEvents([]);
    setEventsDone(false);
    (async () => {
      // Replays the stored events; a finished run's stream ends after its terminal event, a live one follows.
      for await (const event of client.runs.events(runId, { signal: controller.signal })) {
        setEvents((list) => [...list, event]);
      }
      if (!controller.signal.aborted) {
        setEventsDone(true);
        void queryClient.invalidateQueries({ queryKey: ['run', runId] });
      }
    })().catch((error: unknown) => {
      if (!controller.signal.aborted) setEventsError(error);
    });
    return () => controller.abort();
  }, [client, queryClient, runId]);

  if (run.isPending) return <LoadingState />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;
  const data = run.data;
  const duration = runDurationMs(data);
  const summary: Array<[string, string]> = [
    [t('runs.model'), data.model],
    [t('runs.tokensIn'), formatNumber(data.tokens_input)],
    [t('runs.tokensOut'), formatNumber(data.tokens_output)],
    [
      t('runs.cost'),
      formatNumber(data.cost_usd, { style: 'currency', currency: 'USD', maximumFractionDigits: 6 }),
    ],
    [
      t('runs.duration'),
      duration === null
        ? '—'
        : t('runs.seconds', { value: formatNumber(duration / 1000, { maximumFractionDigits: 2 }) }),
    ],
    [t('runs.attempts'), String(data.attempts)],
    [t('runs.started'), formatDate(data.started_at ?? data.queued_at)],
  ];
  return (
    <>
      <PageHeader
        title={t('runs.detailTitle')}
        description={data.message_preview ?? data.id}
        actions={
          <Link to="/runs" className="text-sm text-primary underline">
            {t('runs.back')}
          </Link>
        }
      />
      <div className="grid gap-4 lg:grid-cols-[20rem_1fr]">
        <div className="flex min-w-0 flex-col gap-4">
          <Card title={t('runs.summary')}>
            <p className="mb-3">
              <Badge tone={runStatusTone(data.status)}>{t(`runs.state.${data.status}`)}</Badge>
            </p>
            <AnsweredBy run={data} />
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              {summary.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-text-muted">{label}</dt>
                  {/* Long ids (a model's) break only where they must; a date stays whole. */}
                  <dd className="min-w-0 wrap-anywhere">{value}</dd>
                </div>
              ))}
            </dl>
            <RunTrace traceId={data.trace_id} traceUrl={data.trace_url} />
            {data.error_code ? (
              <p role="alert" className="mt-3 text-sm text-danger" data-testid="run-error">
                {errorWords(data.error_code, t)} <Badge tone="danger">{data.error_code}</Badge>
              </p>
            ) : null}
            {data.conversation_id ? (
              <Link
                to="/playground"
                search={{ agent: data.agent_id, conversation: data.conversation_id }}
                className="mt-3 inline-block text-sm text-primary underline"
              >
                {t('runs.openConversation')}
              </Link>
            ) : null}
          </Card>
          <Card title={tr('runs.routing')}>
            <RunRouting run={data} events={events} />
          </Card>
        </div>
        <Card title={t('runs.timeline')}>
          {eventsError ? (
            <p role="alert" className="text-sm text-danger">
              {describeError(eventsError, t)}
            </p>
          ) : null}
          {events.length === 0 && !eventsDone && !eventsError ? <LoadingState /> : null}
          <RunTimeline events={events} />
        </Card>
      </div>
    </>
  );
}

/**
 * The run's trace id (ADR 0069), a link to the trace viewer when the server names one; nothing when the
 * run was not traced.
 */
function RunTrace({ traceId, traceUrl }: { traceId: string | null; traceUrl: string | null }) {
  const { t } = useI18n();
  if (!traceId) return null;
  return (
    <p className="mt-3 text-sm" data-testid="run-trace">
      <span className="text-text-muted">{t('runs.trace')} </span>
      {traceUrl ? (
        <a
          href={traceUrl}
          target="_blank"
          rel="noopener noreferrer"
          className="break-all font-mono text-primary underline"
          aria-label={t('runs.openTrace', { id: traceId })}
        >
          {traceId}
        </a>
      ) : (
        <code className="break-all">{traceId}</code>
      )}
    </p>
  );
}

/** The agent and, when routing chose one, the sub-agent that answered, each a link to its page. */
function AnsweredBy({ run }: { run: RunSummary }) {
  const tr = useRunStoryT();
  return (
    <p className="mb-3 flex flex-wrap items-baseline gap-x-2 text-sm" data-testid="answered-by">
      <span className="text-text-muted">{tr('runs.answeredBy')}</span>
      <Link
        to="/agents/$agentId"
        params={{ agentId: run.agent_id }}
        className="font-medium text-primary underline"
      >
        {run.agent_name ?? run.agent_id.slice(0, 8)}
      </Link>
      {run.sub_agent_id ? (
        <>
          <span aria-hidden="true">›</span>
          <Link
            to="/agents/$agentId"
            params={{ agentId: run.agent_id }}
            hash={subAgentAnchor(run.sub_agent_id)}
            className="text-primary underline"
          >
            {tr('runs.subAgentOf', { name: run.sub_agent_name ?? run.sub_agent_id.slice(0, 8) })}
          </Link>
        </>
      ) : null}
    </p>
  );
}
