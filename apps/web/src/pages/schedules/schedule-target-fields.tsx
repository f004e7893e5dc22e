import type { BuiltinJob, ScheduleTarget } from '@renum/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useScheduleTargetsT } from '../../i18n/schedule-targets.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';

/** What the form is editing for a schedule's target. */
export interface TargetState {
  kind: ScheduleTarget['type'];
  agentId: string;
  teamId: string;
  prompt: string;
  job: BuiltinJob;
  reportAgentId: string;
  retentionDays: number;
}

/** A new schedule's target: an agent with a prompt. */
export const initialTarget: TargetState = {
  kind: 'agent',
  agentId: '',
  teamId: '',
  prompt: '',
  job: 'daily_report',
  reportAgentId: '',
  retentionDays: 30,
};

const jobs: BuiltinJob[] = ['daily_report', 'budget_check', 'cleanup'];

/** The target the API is sent, or null while one is missing (no agent or team chosen). */
export function targetOf(state: TargetState): ScheduleTarget | null {
  switch (state.kind) {
    case 'agent':
      return state.agentId ? { type: 'agent', agent_id: state.agentId, prompt: state.prompt } : null;
    case 'team':
      return state.teamId ? { type: 'team', team_id: state.teamId, prompt: state.prompt } : null;
    case 'builtin':
      return {
        type: 'builtin',
        job: state.job,
        ...(state.job === 'daily_report' && state.reportAgentId ? { agent_id: state.reportAgentId } : {}),
        ...(state.job === 'cleanup' ? { retention_days: state.retentionDays } : {}),
      };
  }
}

/** The target picker of the schedule form: an agent, a team, or a built-in job, with what each needs. */
export function ScheduleTargetFields({
  value,
  onChange,
}: {
  value: TargetState;
  onChange: (change: Partial<TargetState>) => void;
}) {
  const { t } = useI18n();
  const ts = useScheduleTargetsT();
  const client = useApi();
  const agents = useQuery({
    queryKey: ['agents', 'names'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
  });
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: () => client.teams.list({ limit: 100 }),
    enabled: value.kind === 'team',
  });
  const agentList = agents.data?.data ?? [];
  const teamList = teams.data?.data ?? [];
  const agentId = value.agentId || agentList[0]?.id || '';
  const teamId = value.teamId || teamList[0]?.id || '';
  // The first agent or team is chosen until the person picks another.
  useEffect(() => {
    if (agentId !== value.agentId) onChange({ agentId });
    if (teamId !== value.teamId) onChange({ teamId });
  }, [agentId, teamId, value.agentId, value.teamId, onChange]);
  return (
    <>
      <Field label={ts('schedules.targetKind')}>
        <SelectMenu
          value={value.kind}
          onChange={(event) => onChange({ kind: event.target.value as TargetState['kind'] })}
        >
          <option value="agent">{ts('schedules.targetAgent')}</option>
          <option value="team">{ts('schedules.targetTeam')}</option>
          <option value="builtin">{ts('schedules.targetBuiltin')}</option>
        </SelectMenu>
      </Field>
      {value.kind === 'agent' ? (
        <Field label={t('schedules.agent')} required>
          <SelectMenu
            value={agentId}
            required
            onChange={(event) => onChange({ agentId: event.target.value })}
          >
            {agentList.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </SelectMenu>
        </Field>
      ) : null}
      {value.kind === 'team' ? (
        <Field label={ts('schedules.team')} required>
          <SelectMenu value={teamId} required onChange={(event) => onChange({ teamId: event.target.value })}>
            {teamList.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </SelectMenu>
        </Field>
      ) : null}
      {value.kind === 'builtin' ? (
        <BuiltinFields value={value} onChange={onChange} agents={agentList} />
      ) : null}
      {value.kind !== 'builtin' ? (
        <Field label={value.kind === 'team' ? ts('schedules.teamPrompt') : t('schedules.prompt')} required>
          <Textarea
            value={value.prompt}
            required
            maxLength={20_000}
            onChange={(event) => onChange({ prompt: event.target.value })}
          />
        </Field>
      ) : null}
    </>
  );
}

function BuiltinFields({
  value,
  onChange,
  agents,
}: {
  value: TargetState;
  onChange: (change: Partial<TargetState>) => void;
  agents: ReadonlyArray<{ id: string; name: string }>;
}) {
  const ts = useScheduleTargetsT();
  return (
    <>
      <Field label={ts('schedules.job')} hint={ts(`schedules.jobHint.${value.job}`)}>
        <SelectMenu
          value={value.job}
          onChange={(event) => onChange({ job: event.target.value as BuiltinJob })}
        >
          {jobs.map((job) => (
            <option key={job} value={job}>
              {ts(`schedules.job.${job}`)}
            </option>
          ))}
        </SelectMenu>
      </Field>
      {value.job === 'daily_report' ? (
        <Field label={ts('schedules.reportAgent')}>
          <SelectMenu
            value={value.reportAgentId}
            onChange={(event) => onChange({ reportAgentId: event.target.value })}
          >
            <option value="">{ts('schedules.reportAgentNone')}</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </SelectMenu>
        </Field>
      ) : null}
      {value.job === 'cleanup' ? (
        <Field label={ts('schedules.retentionDays')}>
          <Input
            type="number"
            min={1}
            max={3650}
            value={value.retentionDays}
            onChange={(event) => onChange({ retentionDays: Number(event.target.value) })}
          />
        </Field>
      ) : null}
    </>
  );
}
