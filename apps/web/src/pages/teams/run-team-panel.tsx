import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { memo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Button, Card, Field, Textarea, useToast } from '../../ui/index.ts';
import { executionTone } from './team-format.ts';

/**
 * Runs the saved team with a prompt (opening the live view), and lists its executions. Memoised: the
 * builder beside it re-renders on each keystroke, this panel only when its team changes.
 */
export const RunTeamPanel = memo(function RunTeamPanel({ teamId }: { teamId: string }) {
  const { t, formatDate, formatNumber } = useI18n();
  const client = useApi();
  const toast = useToast();
  const navigate = useNavigate();
  const [prompt, setPrompt] = useState('');
  const history = useQuery({
    queryKey: ['team-executions', teamId],
    queryFn: () => client.teams.executions(teamId, { limit: 10 }),
  });
  const run = useMutation({
    mutationFn: () => client.teams.execute(teamId, prompt),
    onSuccess: (started) =>
      void navigate({ to: '/team-executions/$executionId', params: { executionId: started.execution_id } }),
    onError: (error) => toast({ title: describeError(error, t), tone: 'error' }),
  });
  return (
    <>
      <Card title={t('teams.run')}>
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            run.mutate();
          }}
        >
          <Field label={t('teams.initialPrompt')} required>
            <Textarea
              value={prompt}
              onChange={(event) => setPrompt(event.target.value)}
              required
              maxLength={100_000}
            />
          </Field>
          <div>
            <Button type="submit" busy={run.isPending} disabled={prompt.trim() === ''}>
              {t('teams.runNow')}
            </Button>
          </div>
        </form>
      </Card>
      <Card title={t('teams.history')}>
        {history.data?.data.length === 0 ? (
          <p className="text-sm text-text-muted">{t('teams.noExecutions')}</p>
        ) : null}
        <ul className="flex flex-col gap-2" data-testid="team-history">
          {history.data?.data.map((execution) => (
            <li key={execution.id} className="flex flex-wrap items-center gap-2 text-sm">
              <Badge tone={executionTone(execution.status)}>
                {t(`teams.executionState.${execution.status}`)}
              </Badge>
              <Link
                to="/team-executions/$executionId"
                params={{ executionId: execution.id }}
                className="text-primary underline"
              >
                {formatDate(execution.created_at)}
              </Link>
              {execution.cost_metrics ? (
                <span className="text-text-muted">
                  {formatNumber(execution.usage_metrics?.total_tokens ?? 0)} tokens ·{' '}
                  {formatNumber(Number(execution.cost_metrics.cost_usd), {
                    style: 'currency',
                    currency: 'USD',
                    maximumFractionDigits: 6,
                  })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
});
