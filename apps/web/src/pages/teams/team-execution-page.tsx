import type { TeamExecution, TeamExecutionEvent, WorkflowDefinition } from '@renum/contracts';
import { RenumApiError } from '@renum/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { type Translate, useI18n } from '../../i18n/i18n.tsx';
import { describeError, errorCodeMessage } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Button, Card, ErrorState, LoadingState, PageHeader, useToast } from '../../ui/index.ts';
import { ExecutionTotalsList } from './execution-totals-list.tsx';
import { TeamFlowDiagram } from './team-flow-diagram.tsx';
import { executionTone } from './team-format.ts';
import { StepCard, type StepLive } from './team-step-card.tsx';

/** Folds an execution's events into each step's live text and notes. */
function applyEvent(live: Record<number, StepLive>, event: TeamExecutionEvent): Record<number, StepLive> {
  if (event.step_index === null) return live;
  const step = live[event.step_index] ?? { text: '', notes: [] };
  if (event.type === 'content')
    return { ...live, [event.step_index]: { ...step, text: step.text + event.content } };
  // Another worker took the step's run over after a restart: the answer starts again from nothing.
  if (event.type === 'status' && event.status === 'running' && event.resumed)
    return { ...live, [event.step_index]: { text: '', notes: [...step.notes, { kind: 'resumed' }] } };
  if (event.type === 'status' && event.status === 'retrying')
    return {
      ...live,
      [event.step_index]: { text: '', notes: [...step.notes, { kind: 'retry', note: event }] },
    };
  if (event.type === 'error')
    return {
      ...live,
      [event.step_index]: {
        ...step,
        notes: [...step.notes, { kind: 'error', code: event.code, error: event.error }],
      },
    };
  if (event.type === 'step_end' && event.individual_usage_metrics && event.individual_cost_metrics)
    return {
      ...live,
      [event.step_index]: {
        ...step,
        metrics: { usage: event.individual_usage_metrics, cost: event.individual_cost_metrics },
      },
    };
  if (event.type === 'tool_call')
    return {
      ...live,
      [event.step_index]: { ...step, notes: [...step.notes, { kind: 'tool', tool: event.tool }] },
    };
  return live;
}

/** A dropped connection or a server error, which a later try may get past (not a refusal such as 404). */
function outOfReach(error: unknown): boolean {
  return !(RenumApiError.isInstance(error) && error.status >= 400 && error.status < 500);
}

/** Waits, cut short by the signal. */
function wait(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The execution's error in the reader's language: the message of its failed step's code when known. */
function executionError(execution: TeamExecution, t: Translate): string {
  const code = execution.steps.find((step) => step.status === 'failed')?.error_code;
  return (code ? errorCodeMessage(code, t) : undefined) ?? execution.error ?? '';
}

/** One execution, live: the flow with each step's state, each step's streamed output, retries and errors, and usage and cost per agent. */
export function TeamExecutionPage() {
  const { t, formatNumber } = useI18n();
  const client = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { executionId } = useParams({ strict: false }) as { executionId: string };
  // The server is out of reach (restarting) while the execution runs: the page keeps what it showed.
  const [connectionLost, setConnectionLost] = useState(false);
  const execution = useQuery({
    queryKey: ['team-execution', executionId],
    queryFn: () => client.teamExecutions.get(executionId),
    // After a failed refresh, or while the stream is down, look again until the server answers.
    refetchInterval: (query) => (query.state.status === 'error' || connectionLost ? 3000 : false),
  });
  const agents = useQuery({
    queryKey: ['agents', 'all'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
  });
  const [live, setLive] = useState<Record<number, StepLive>>({});
  const [streamError, setStreamError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const refresh = () => void queryClient.invalidateQueries({ queryKey: ['team-execution', executionId] });
    setLive({});
    (async () => {
      let afterSeq = 0;
      // A restart outlasts the SDK's reconnections; the execution goes on, so the page follows it again.
      while (!signal.aborted) {
        try {
          const following = client.teamExecutions.events(executionId, {
            afterSeq,
            signal,
            // Say so from the first lost connection, not only once the SDK's reconnections run out.
            onReconnect: () => setConnectionLost(true),
          });
          for await (const event of following) {
            afterSeq = event.seq;
            setConnectionLost(false);
            setLive((old) => applyEvent(old, event));
            if (event.type === 'step_start' || event.type === 'step_end' || event.step_index === null)
              refresh();
          }
          break;
        } catch (error) {
          if (signal.aborted || !outOfReach(error)) throw error;
          setConnectionLost(true);
          await wait(5000, signal);
        }
      }
      if (signal.aborted) return;
      setConnectionLost(false);
      refresh();
    })().catch((error: unknown) => {
      if (!signal.aborted) setStreamError(error);
    });
    return () => controller.abort();
  }, [client, queryClient, executionId]);

  const cancel = useMutation({
    mutationFn: () => client.teamExecutions.cancel(executionId),
    onSuccess: (answer) => queryClient.setQueryData(['team-execution', executionId], answer),
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });

  if (execution.isPending) return <LoadingState />;
  const data = execution.data;
  // A failed refresh keeps the execution on screen (the notice says the server is out of reach).
  if (!data) return <ErrorState error={execution.error} onRetry={() => void execution.refetch()} />;
  const definition = (data.execution_plan as { definition: WorkflowDefinition }).definition;
  const agentNames = new Map((agents.data?.data ?? []).map((agent) => [agent.id, agent.name]));
  const active = data.status === 'pending' || data.status === 'running';
  const money = (value: string | undefined) =>
    formatNumber(Number(value ?? 0), { style: 'currency', currency: 'USD', maximumFractionDigits: 6 });
  return (
    <>
      <PageHeader
        title={t('teams.executionTitle')}
        description={data.initial_prompt}
        actions={
          <div className="flex items-center gap-3">
            {active ? (
              <Button variant="secondary" busy={cancel.isPending} onClick={() => cancel.mutate()}>
                {t('teams.cancelExecution')}
              </Button>
            ) : null}
            <Link
              to="/teams/$teamId"
              params={{ teamId: data.team_id }}
              className="text-sm text-primary underline"
            >
              {t('teams.backToTeam')}
            </Link>
          </div>
        }
      />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card title={t('teams.flow')}>
          <TeamFlowDiagram
            definition={definition}
            agentNames={agentNames}
            statuses={data.steps.map((step) => step.status)}
          />
        </Card>
        <Card title={t('teams.summary')}>
          <p className="mb-3" aria-live="polite">
            <Badge tone={executionTone(data.status)}>{t(`teams.executionState.${data.status}`)}</Badge>
          </p>
          <ExecutionTotalsList execution={data} live={live} money={money} />
          {data.error ? (
            <p role="alert" className="mt-3 text-sm text-danger">
              {executionError(data, t)}
            </p>
          ) : null}
          {connectionLost || execution.isError ? (
            <p role="status" className="mt-3 text-sm text-warning">
              {t('teams.reconnecting')}
            </p>
          ) : null}
          {streamError ? (
            <p role="alert" className="mt-3 text-sm text-danger">
              {describeError(streamError, t)}
            </p>
          ) : null}
        </Card>
      </div>
      <ol className="mt-4 flex flex-col gap-3" aria-label={t('teams.steps')}>
        {data.steps.map((step) => (
          <StepCard
            key={step.id}
            step={step}
            live={live[step.step_index]}
            agentName={agentNames.get(step.agent_id)}
            money={money}
          />
        ))}
      </ol>
    </>
  );
}
