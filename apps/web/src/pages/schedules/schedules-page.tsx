import type { Schedule, ScheduleExecution } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { CalendarClock, HistoryIcon, Pause, Play, Plus, Zap } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { type ScheduleTargetsTranslate, useScheduleTargetsT } from '../../i18n/schedule-targets.ts';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge } from '../../ui/card.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';
import { describeTiming } from './schedule-builder.ts';
import { ScheduleForm } from './schedule-form.tsx';
import { scheduleName } from './schedule-name.ts';

/** The client's schedules: what runs when, the next run, pause / resume, run now, history; a builder to add one. */
export function SchedulesPage() {
  const { t, formatDate } = useI18n();
  const ts = useScheduleTargetsT();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [history, setHistory] = useState<Schedule | null>(null);
  const schedules = useQuery({
    queryKey: ['schedules'],
    queryFn: ({ signal }) => client.schedules.list({ limit: 100 }, { signal }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['schedules'] });
  const act = useMutation({
    mutationFn: async ({ schedule, action }: { schedule: Schedule; action: 'pause' | 'resume' | 'run' }) => {
      if (action === 'run') await client.schedules.runNow(schedule.id);
      else if (action === 'pause') await client.schedules.pause(schedule.id);
      else await client.schedules.resume(schedule.id);
    },
    onSuccess: async (_answer, { action }) => {
      if (action === 'run') toast({ title: t('schedules.ranNow'), tone: 'success' });
      await refresh();
    },
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  return (
    <>
      <PageHeader
        title={t('nav.schedules')}
        description={t('schedules.description')}
        actions={
          <Button icon={Plus} onClick={() => setAdding(true)}>
            {t('schedules.add')}
          </Button>
        }
      />
      <QueryState query={schedules}>
        {(list) =>
          list.data.length === 0 ? (
            <EmptyState
              icon={CalendarClock}
              title={t('schedules.empty')}
              description={t('schedules.emptyHint')}
            />
          ) : (
            <Table
              caption={t('nav.schedules')}
              rows={list.data}
              rowKey={(schedule) => schedule.id}
              columns={[
                { key: 'name', header: t('schedules.name'), cell: (schedule) => scheduleName(ts, schedule) },
                {
                  key: 'target',
                  header: ts('schedules.target'),
                  cell: (schedule) => targetLabel(ts, schedule.target),
                  shownFrom: 'lg',
                },
                { key: 'when', header: t('schedules.when'), cell: (schedule) => describeTiming(t, schedule) },
                {
                  key: 'next',
                  header: t('schedules.next'),
                  cell: (schedule) =>
                    schedule.next_fire_times[0] ? formatDate(schedule.next_fire_times[0]) : '—',
                  shownFrom: 'lg',
                },
                {
                  key: 'status',
                  header: t('schedules.status'),
                  cell: (schedule) =>
                    schedule.enabled ? (
                      <Badge tone="success">{t('schedules.active')}</Badge>
                    ) : (
                      <Badge>{t('schedules.paused')}</Badge>
                    ),
                },
                {
                  key: 'actions',
                  header: <span className="sr-only">{t('agents.actions')}</span>,
                  cell: (schedule) => (
                    <div className="flex flex-col items-end gap-1 sm:flex-row sm:flex-wrap sm:justify-end">
                      <Button
                        icon={schedule.enabled ? Pause : Play}
                        iconOnlyOnPhone
                        size="sm"
                        variant="secondary"
                        disabled={act.isPending}
                        onClick={() =>
                          act.mutate({ schedule, action: schedule.enabled ? 'pause' : 'resume' })
                        }
                      >
                        {t(schedule.enabled ? 'schedules.pause' : 'schedules.resume')}
                      </Button>
                      <Button
                        icon={Zap}
                        iconOnlyOnPhone
                        size="sm"
                        variant="secondary"
                        disabled={act.isPending}
                        onClick={() => act.mutate({ schedule, action: 'run' })}
                      >
                        {t('schedules.runNow')}
                      </Button>
                      <Button
                        icon={HistoryIcon}
                        iconOnlyOnPhone
                        size="sm"
                        variant="ghost"
                        onClick={() => setHistory(schedule)}
                      >
                        {t('schedules.history')}
                      </Button>
                    </div>
                  ),
                },
              ]}
            />
          )
        }
      </QueryState>
      <Dialog open={adding} onOpenChange={setAdding} title={t('schedules.add')}>
        <ScheduleForm
          onSubmit={async (input) => {
            await client.schedules.create(input);
            setAdding(false);
            toast({ title: t('schedules.created'), tone: 'success' });
            await refresh();
          }}
        />
      </Dialog>
      <Dialog
        open={history !== null}
        onOpenChange={(open) => (open ? undefined : setHistory(null))}
        title={t('schedules.historyTitle', { name: history ? scheduleName(ts, history) : '' })}
      >
        {history ? <ScheduleHistory schedule={history} /> : null}
      </Dialog>
    </>
  );
}

function ScheduleHistory({ schedule }: { schedule: Schedule }) {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const executions = useQuery({
    queryKey: ['schedules', schedule.id, 'executions'],
    queryFn: ({ signal }) => client.schedules.executions(schedule.id, { limit: 20 }, { signal }),
    refetchInterval: 5000,
  });
  const statusLabel = {
    started: 'schedules.execStarted',
    skipped: 'schedules.execSkipped',
    failed: 'schedules.execFailed',
  } as const;
  return (
    <QueryState query={executions}>
      {(list) =>
        list.data.length === 0 ? (
          <EmptyState icon={CalendarClock} title={t('schedules.noHistory')} />
        ) : (
          <Table
            caption={t('schedules.history')}
            rows={list.data}
            rowKey={(execution) => execution.id}
            columns={[
              {
                key: 'tick',
                header: t('schedules.tick'),
                cell: (execution) => formatDate(execution.tick_at),
              },
              {
                key: 'status',
                header: t('schedules.status'),
                cell: (execution) => (
                  <span title={execution.reason ?? undefined}>{t(statusLabel[execution.status])}</span>
                ),
              },
              {
                key: 'run',
                header: t('schedules.run'),
                cell: (execution) => <ExecutionOutcome execution={execution} />,
              },
            ]}
          />
        )
      }
    </QueryState>
  );
}

/** What a schedule runs, in a word or two: an agent, a team, or the built-in job's name. */
function targetLabel(ts: ScheduleTargetsTranslate, target: Schedule['target']): string {
  if (target.type === 'builtin') return ts(`schedules.job.${target.job}`);
  return ts(target.type === 'team' ? 'schedules.targetTeam' : 'schedules.targetAgent');
}

/** A history row's outcome: a link to its run or team execution, or what a built-in job did. */
function ExecutionOutcome({ execution }: { execution: ScheduleExecution }) {
  const ts = useScheduleTargetsT();
  if (execution.run_id) {
    return (
      <Link to="/runs/$runId" params={{ runId: execution.run_id }} className="text-primary underline">
        {execution.run_status ?? execution.run_id.slice(0, 8)}
      </Link>
    );
  }
  if (execution.execution_id) {
    return (
      <Link
        to="/team-executions/$executionId"
        params={{ executionId: execution.execution_id }}
        className="text-primary underline"
      >
        {`${ts('schedules.execution')}: ${execution.execution_status ?? execution.execution_id.slice(0, 8)}`}
      </Link>
    );
  }
  const result = execution.result;
  if (!result) return <>—</>;
  if ('notification_id' in result) return <>{ts('schedules.resultReport')}</>;
  if ('alerts_stored' in result)
    return <>{ts('schedules.resultAlerts', { count: String(result.alerts_stored) })}</>;
  const cleaned = ['run_events', 'approval_requests_redacted', 'invitations', 'notifications'].reduce(
    (sum, key) => sum + Number(result[key] ?? 0),
    0,
  );
  return <>{ts('schedules.resultCleanup', { count: String(cleaned) })}</>;
}
