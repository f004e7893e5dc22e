import type { TeamStepStatus, WorkflowDefinition } from '@renum/contracts';
import { useI18n } from '../../i18n/i18n.tsx';
import { stepColumns, stepEdges } from './team-draft.ts';
import { TeamFlowList } from './team-flow-list.tsx';

const boxWidth = 160;
const boxHeight = 52;
const columnGap = 56;
const rowGap = 16;

/** Fill and stroke of a step's box by its state (the builder shows every step as pending). */
const tone: Record<TeamStepStatus | 'prompt', string> = {
  prompt: 'fill-surface-muted stroke-border',
  pending: 'fill-surface-raised stroke-border',
  running: 'fill-primary/15 stroke-primary',
  completed: 'fill-success/15 stroke-success',
  failed: 'fill-danger/15 stroke-danger',
  skipped: 'fill-surface-muted stroke-border',
  cancelled: 'fill-warning/15 stroke-warning',
};

/**
 * The team's flow as a left-to-right graph: the initial prompt, then each step in the column after
 * the steps it reads, with an arrow from each source. With `statuses`, each box shows its step's state.
 * Where its container is narrower than 36rem (a phone), the same flow as a list, top to bottom.
 */
export function TeamFlowDiagram({
  definition,
  agentNames,
  statuses,
}: {
  definition: WorkflowDefinition;
  agentNames: ReadonlyMap<string, string>;
  statuses?: readonly TeamStepStatus[];
}) {
  const { t } = useI18n();
  const columns = stepColumns(definition);
  const rows: number[] = [];
  const used = new Map<number, number>();
  for (const column of columns) {
    const row = used.get(column) ?? 0;
    rows.push(row);
    used.set(column, row + 1);
  }
  const position = (index: number) =>
    index < 0
      ? { x: 0, y: 0 }
      : { x: columns[index]! * (boxWidth + columnGap), y: rows[index]! * (boxHeight + rowGap) };
  const width = (Math.max(0, ...columns) + 1) * (boxWidth + columnGap) - columnGap + 2;
  const height = Math.max(1, ...[...used.values()]) * (boxHeight + rowGap) - rowGap + 2;
  const label = definition.agents
    .map(
      (step, index) =>
        `${index + 1}. ${step.role} (${t(`teams.stepState.${statuses?.[index] ?? 'pending'}`)})`,
    )
    .join(', ');
  // A container query, not the viewport: the diagram's card is narrower than the page beside the summary.
  return (
    <div className="@container" data-testid="team-flow">
      <TeamFlowList
        definition={definition}
        agentNames={agentNames}
        statuses={statuses}
        className="@xl:hidden"
      />
      {/* A long flow scrolls sideways in its card: a keyboard stop, so it can be scrolled without a mouse. */}
      <div
        // biome-ignore lint/a11y/noNoninteractiveTabindex: axe's scrollable-region-focusable asks for it
        tabIndex={0}
        className="hidden overflow-x-auto focus-visible:outline-2 focus-visible:outline-primary @xl:block"
        data-testid="team-diagram"
      >
        <svg
          role="img"
          aria-label={t('teams.diagramLabel', { steps: label || t('teams.noSteps') })}
          width={width}
          height={height}
          viewBox={`-1 -1 ${width} ${height}`}
          className="text-xs"
        >
          <defs>
            <marker
              id="team-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="6"
              markerHeight="6"
              orient="auto"
            >
              <path d="M0 0 L10 5 L0 10 z" className="fill-text-muted" />
            </marker>
          </defs>
          {stepEdges(definition).map((edge) => {
            const from = position(edge.from);
            const to = position(edge.to);
            return (
              <line
                key={`${edge.from}-${edge.to}`}
                x1={from.x + boxWidth}
                y1={from.y + boxHeight / 2}
                x2={to.x - 2}
                y2={to.y + boxHeight / 2}
                className="stroke-text-muted"
                markerEnd="url(#team-arrow)"
              />
            );
          })}
          <Box x={0} y={0} className={tone.prompt} title={t('teams.initialPrompt')} subtitle="" />
          {definition.agents.map((step, index) => {
            const at = position(index);
            const status = statuses?.[index] ?? 'pending';
            return (
              <Box
                // biome-ignore lint/suspicious/noArrayIndexKey: a step is its position in the flow
                key={index}
                x={at.x}
                y={at.y}
                className={tone[status]}
                title={`${index + 1}. ${step.role}`}
                subtitle={statuses ? t(`teams.stepState.${status}`) : (agentNames.get(step.agent_id) ?? '?')}
              />
            );
          })}
        </svg>
      </div>
    </div>
  );
}

function Box(props: { x: number; y: number; className: string; title: string; subtitle: string }) {
  return (
    <g transform={`translate(${props.x} ${props.y})`}>
      <rect width={boxWidth} height={boxHeight} rx={8} className={props.className} strokeWidth={1.5} />
      <text x={10} y={21} className="fill-text font-semibold">
        {clip(props.title)}
      </text>
      <text x={10} y={39} className="fill-text-muted">
        {clip(props.subtitle)}
      </text>
    </g>
  );
}

function clip(text: string): string {
  return text.length > 22 ? `${text.slice(0, 21)}…` : text;
}
