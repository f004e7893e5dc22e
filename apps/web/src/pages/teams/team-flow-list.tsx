import type { TeamStepStatus, WorkflowDefinition } from '@renum/contracts';
import { useI18n } from '../../i18n/i18n.tsx';
import { stepEdges } from './team-draft.ts';

/** Border and background of a step's box by its state, as the diagram draws them. */
const tone: Record<TeamStepStatus | 'prompt', string> = {
  prompt: 'bg-surface-muted border-border',
  pending: 'bg-surface-raised border-border',
  running: 'bg-primary/15 border-primary',
  completed: 'bg-success/15 border-success',
  failed: 'bg-danger/15 border-danger',
  skipped: 'bg-surface-muted border-border',
  cancelled: 'bg-warning/15 border-warning',
};

/**
 * The team's flow top to bottom, for a container too narrow for the left-to-right diagram (a phone):
 * the initial prompt, then each step as a box in order, saying which boxes it comes after (the
 * diagram's arrows), so parallel and conditional steps read right without a graph.
 */
export function TeamFlowList({
  definition,
  agentNames,
  statuses,
  className,
}: {
  definition: WorkflowDefinition;
  agentNames: ReadonlyMap<string, string>;
  statuses?: readonly TeamStepStatus[] | undefined;
  className?: string;
}) {
  const { t } = useI18n();
  const edges = stepEdges(definition);
  const boxName = (index: number) =>
    index < 0 ? t('teams.initialPrompt') : `${index + 1}. ${definition.agents[index]?.role ?? ''}`;
  return (
    <ol aria-label={t('teams.flow')} className={`flex flex-col gap-2 text-sm ${className ?? ''}`}>
      <li className={`rounded-lg border-[1.5px] px-3 py-2 font-semibold ${tone.prompt}`}>
        {t('teams.initialPrompt')}
      </li>
      {definition.agents.map((step, index) => {
        const status = statuses?.[index] ?? 'pending';
        const after = edges.filter((edge) => edge.to === index).map((edge) => boxName(edge.from));
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: a step is its position in the flow
            key={index}
            className={`rounded-lg border-[1.5px] px-3 py-2 break-words ${tone[status]}`}
          >
            <span className="block font-semibold">{boxName(index)}</span>
            <span className="block text-text-muted">
              {statuses ? t(`teams.stepState.${status}`) : (agentNames.get(step.agent_id) ?? '?')}
            </span>
            {after.length > 0 ? (
              <span className="block text-xs text-text-muted">
                {t('teams.flowAfter', { steps: after.join(', ') })}
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
