import type { RunEvent } from '@renum/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Card, ErrorState, LoadingState, PageHeader } from '../../ui/index.ts';
import { runDurationMs, runStatusTone } from './run-format.ts';

/** One run: its summary, errors with their codes, and its events as a timeline. */
export function RunDetailPage() {
  const { t, formatNumber, formatDate } = useI18n();
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
        description={data.id}
        actions={
          <Link to="/runs" className="text-sm text-primary underline">
            {t('runs.back')}
          </Link>
        }
      />
      <div className="grid gap-4 lg:grid-cols-[20rem_1fr]">
        <Card title={t('runs.summary')}>
          <p className="mb-3">
            <Badge tone={runStatusTone(data.status)}>{t(`runs.state.${data.status}`)}</Badge>
          </p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            {summary.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-text-muted">{label}</dt>
                <dd className="break-all">{value}</dd>
              </div>
            ))}
          </dl>
          {data.error_code ? (
            <p role="alert" className="mt-3 text-sm text-danger" data-testid="run-error">
              <Badge tone="danger">{data.error_code}</Badge> {data.error_message}
            </p>
          ) : null}
          {data.routing_error ? <p className="mt-2 text-xs text-text-muted">{data.routing_error}</p> : null}
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
        <Card title={t('runs.timeline')}>
          {eventsError ? (
            <p role="alert" className="text-sm text-danger">
              {describeError(eventsError, t)}
            </p>
          ) : null}
          {events.length === 0 && !eventsDone && !eventsError ? <LoadingState /> : null}
          <ol className="flex flex-col gap-2" data-testid="timeline">
            {coalesceContent(events).map((event) => (
              <li key={event.seq} className="flex flex-col gap-1 border-l-2 border-border pl-3 text-sm">
                <span className="flex flex-wrap items-center gap-2">
                  <Badge
                    tone={
                      event.type === 'error' ? 'danger' : event.type === 'complete' ? 'success' : 'neutral'
                    }
                  >
                    {event.type === 'status' ? `status: ${event.status}` : event.type}
                  </Badge>
                  <span className="text-xs text-text-muted">
                    #{event.seq} · {formatDate(event.created_at, { timeStyle: 'medium' })}
                  </span>
                  {event.type === 'error' ? <Badge tone="danger">{event.code}</Badge> : null}
                </span>
                {eventDetail(event) ? (
                  <span className="whitespace-pre-wrap break-words text-text-muted">
                    {eventDetail(event)}
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}

function eventDetail(event: RunEvent): string {
  switch (event.type) {
    case 'tool_call':
      return `${event.tool}(${JSON.stringify(event.params)})`;
    case 'tool_result':
      return `${event.tool}: ${event.is_error ? '✗' : '✓'} ${event.duration_ms} ms, ×${event.attempts}`;
    case 'error':
      return event.error;
    case 'complete':
      return `${event.usage.total_tokens} tokens`;
    default:
      return event.content;
  }
}

/** Consecutive `content` deltas read as one line of the timeline (the first one's seq and time). */
function coalesceContent(events: RunEvent[]): RunEvent[] {
  const out: RunEvent[] = [];
  for (const event of events) {
    const last = out.at(-1);
    if (event.type === 'content' && last?.type === 'content')
      out[out.length - 1] = { ...last, content: last.content + event.content };
    else out.push(event);
  }
  return out;
}
