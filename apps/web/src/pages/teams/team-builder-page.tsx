import {
  type Agent,
  type WorkflowDefinition,
  type WorkflowProblem,
  type WorkflowType,
  workflowDefinitionSchema,
  workflowTypeSchema,
} from '@renum/contracts';
import { RenumApiError } from '@renum/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { Plus, Save } from 'lucide-react';
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import {
  Button,
  Card,
  ErrorState,
  Field,
  Input,
  LoadingState,
  PageHeader,
  Textarea,
  useToast,
} from '../../ui/index.ts';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { RunTeamPanel } from './run-team-panel.tsx';
import { StepEditor } from './step-editor.tsx';
import { emptyDefinition, problemsOf } from './team-draft.ts';
import { TeamFlowDiagram } from './team-flow-diagram.tsx';

/** A new team. */
export function NewTeamPage() {
  return <TeamBuilder teamId={null} />;
}

/** One team: its builder, a run panel and its history. */
export function TeamEditorPage() {
  const { teamId } = useParams({ strict: false }) as { teamId: string };
  return <TeamBuilder key={teamId} teamId={teamId} />;
}

function TeamBuilder({ teamId }: { teamId: string | null }) {
  const client = useApi();
  const agents = useQuery({
    queryKey: ['agents', 'all'],
    queryFn: ({ signal }) => client.agents.list({ limit: 100 }, { signal }),
  });
  const team = useQuery({
    queryKey: ['team', teamId],
    queryFn: () => client.teams.get(teamId!),
    enabled: teamId !== null,
  });
  if (agents.isPending || (teamId && team.isPending)) return <LoadingState />;
  if (agents.isError) return <ErrorState error={agents.error} onRetry={() => void agents.refetch()} />;
  if (team.isError) return <ErrorState error={team.error} onRetry={() => void team.refetch()} />;
  return (
    <TeamForm
      teamId={teamId}
      agents={agents.data.data}
      initial={
        team.data
          ? {
              name: team.data.name,
              description: team.data.description ?? '',
              definition: team.data.workflow_definition,
            }
          : { name: '', description: '', definition: emptyDefinition() }
      }
    />
  );
}

/** The problems zod finds before asking the server (an empty role), named like the server's. */
function shapeProblems(definition: WorkflowDefinition): WorkflowProblem[] {
  const parsed = workflowDefinitionSchema.safeParse(definition);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({
    field: ['workflow_definition', ...issue.path].join('.'),
    message: issue.message,
    step: issue.path[0] === 'agents' && typeof issue.path[1] === 'number' ? issue.path[1] : null,
  }));
}

function TeamForm({
  teamId,
  agents,
  initial,
}: {
  teamId: string | null;
  agents: Agent[];
  initial: { name: string; description: string; definition: WorkflowDefinition };
}) {
  const { t } = useI18n();
  const client = useApi();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [definition, setDefinition] = useState<WorkflowDefinition>(initial.definition);
  const [serverProblems, setServerProblems] = useState<WorkflowProblem[]>([]);
  const agentNames = useMemo(() => new Map(agents.map((agent) => [agent.id, agent.name])), [agents]);
  const local = shapeProblems(definition);

  // The server checks what zod cannot (agents, earlier steps, operators), a moment after each change.
  useEffect(() => {
    if (shapeProblems(definition).length > 0 || definition.agents.length === 0) {
      setServerProblems([]);
      return;
    }
    const timer = setTimeout(() => {
      client.teams
        .validate(definition)
        .then((answer) => setServerProblems(answer.problems))
        .catch((error: unknown) => toast({ title: describeError(error, t), tone: 'error' }));
    }, 300);
    return () => clearTimeout(timer);
  }, [client, definition, t, toast]);

  const problems = local.length > 0 ? local : serverProblems;
  const save = useMutation({
    mutationFn: () => {
      const body = { name, description: description || null, workflow_definition: definition };
      return teamId ? client.teams.update(teamId, body) : client.teams.create(body);
    },
    onSuccess: async (saved) => {
      toast({ title: t('teams.saved'), tone: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['teams'] });
      await queryClient.invalidateQueries({ queryKey: ['team', saved.id] });
      if (!teamId) void navigate({ to: '/teams/$teamId', params: { teamId: saved.id } });
    },
    onError: (error) => {
      const details = RenumApiError.isInstance(error)
        ? (error.body.details as WorkflowProblem[] | undefined)
        : undefined;
      if (details?.every((detail) => 'step' in detail)) setServerProblems(details);
      toast({ title: describeError(error, t), tone: 'error' });
    },
  });

  // Stable handlers (state updates by function): the memoised step editors re-render only when their step,
  // the steps before it or their problems change, not on each keystroke elsewhere (issue 17).
  const setStep = useCallback(
    (index: number, step: WorkflowDefinition['agents'][number]) =>
      setDefinition((old) => ({
        ...old,
        agents: old.agents.map((other, at) => (at === index ? step : other)),
      })),
    [],
  );
  const removeStep = useCallback(
    (index: number) =>
      setDefinition((old) => ({ ...old, agents: old.agents.filter((_, at) => at !== index) })),
    [],
  );
  const setType = useCallback((type: WorkflowType) => setDefinition((old) => ({ ...old, type })), []);
  const addStep = () => {
    const unused =
      agents.find((agent) => !definition.agents.some((step) => step.agent_id === agent.id)) ?? agents[0];
    if (!unused) return;
    setDefinition((old) => ({
      ...old,
      agents: [...old.agents, { agent_id: unused.id, role: '', input: { source: 'initial_prompt' } }],
    }));
  };
  const move = useCallback(
    (index: number, offset: -1 | 1) =>
      setDefinition((old) => {
        const list = [...old.agents];
        const [step] = list.splice(index, 1);
        list.splice(index + offset, 0, step!);
        return { ...old, agents: list };
      }),
    [],
  );
  const teamProblems = problemsOf(problems, null);

  return (
    <>
      <PageHeader
        title={teamId ? name || t('teams.untitled') : t('teams.new')}
        description={t('teams.builderDescription')}
        actions={
          <Link to="/teams" className="text-sm text-primary underline">
            {t('teams.back')}
          </Link>
        }
      />
      <Card title={t('teams.flow')} className="mb-4">
        <TeamFlowDiagram definition={definition} agentNames={agentNames} />
      </Card>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
        <form
          className="flex min-w-0 flex-col gap-4"
          aria-label={t('teams.builder')}
          onSubmit={(event) => {
            event.preventDefault();
            // Browsers stop at an invalid control before submitting; this covers those that do not (an
            // output schema that is not a JSON object must never be saved as its last valid value).
            if (!event.currentTarget.reportValidity()) return;
            save.mutate();
          }}
        >
          <Card title={t('teams.details')}>
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label={t('teams.name')} required>
                <Input
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                  required
                  maxLength={200}
                />
              </Field>
              <TeamTypeField type={definition.type} onChange={setType} />
              <Field label={t('teams.description')} className="sm:col-span-2">
                <Textarea
                  value={description}
                  onChange={(event) => setDescription(event.target.value)}
                  maxLength={2000}
                />
              </Field>
            </div>
          </Card>
          {definition.agents.map((step, index) => (
            <StepEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: a step is its position in the flow
              key={index}
              step={step}
              index={index}
              earlier={definition.agents.slice(0, index)}
              last={index === definition.agents.length - 1}
              type={definition.type}
              agents={agents}
              problems={problemsOf(problems, index)}
              onChange={setStep}
              onRemove={removeStep}
              onMove={move}
            />
          ))}
          {teamProblems.map((problem) => (
            <p key={problem.field} role="alert" className="text-sm text-danger">
              {problem.message}
            </p>
          ))}
          <div className="flex flex-wrap gap-2">
            <Button
              icon={Plus}
              type="button"
              variant="secondary"
              onClick={addStep}
              disabled={agents.length === 0}
            >
              {t('teams.addStep')}
            </Button>
            <Button icon={Save} type="submit" busy={save.isPending}>
              {t('teams.save')}
            </Button>
          </div>
          {agents.length === 0 ? <p className="text-sm text-text-muted">{t('teams.noAgents')}</p> : null}
        </form>
        <div className="flex min-w-0 flex-col gap-4">
          <Card title={t('teams.dsl')}>
            {/* A scrolling region is a keyboard stop, so the definition can be scrolled without a mouse. */}
            <pre
              // biome-ignore lint/a11y/noNoninteractiveTabindex: axe's scrollable-region-focusable asks for it
              tabIndex={0}
              className="max-h-80 overflow-auto rounded-md bg-surface-muted p-3 text-xs focus-visible:outline-2 focus-visible:outline-primary"
              data-testid="team-dsl"
            >
              {JSON.stringify(definition, null, 2)}
            </pre>
          </Card>
          {teamId ? <RunTeamPanel teamId={teamId} /> : null}
        </div>
      </div>
    </>
  );
}

/** The team's type: memoised, so typing a name or a role does not re-render its select. */
const TeamTypeField = memo(function TeamTypeField({
  type,
  onChange,
}: {
  type: WorkflowType;
  onChange(type: WorkflowType): void;
}) {
  const { t } = useI18n();
  return (
    <Field label={t('teams.type')} hint={t(`teams.typeHint.${type}`)}>
      <SelectMenu value={type} onChange={(event) => onChange(event.target.value as WorkflowType)}>
        {workflowTypeSchema.options.map((option) => (
          <option key={option} value={option}>
            {t(`teams.typeName.${option}`)}
          </option>
        ))}
      </SelectMenu>
    </Field>
  );
});
