import { sumUsd, type TeamCostMetrics, type TeamExecution, type TeamUsageMetrics } from '@renum/contracts';

/** A step's usage and cost as its row or its `step_end` event brought them. */
export interface StepMetrics {
  usage: TeamUsageMetrics;
  cost: TeamCostMetrics;
}

/** What the execution's summary shows: tokens and cost, whether they are final, and how many steps they count. */
export interface ExecutionTotals {
  /** Null while no step has finished with usage (and the execution has no totals of its own). */
  usage: TeamUsageMetrics | null;
  costUsd: string | null;
  /** The execution's own totals (it ended); otherwise the running sum of its finished steps. */
  final: boolean;
  finishedSteps: number;
  steps: number;
}

function sumUsage(usages: readonly TeamUsageMetrics[]): TeamUsageMetrics {
  const sum = (key: keyof TeamUsageMetrics) => usages.reduce((total, usage) => total + usage[key], 0);
  return {
    tokens_input: sum('tokens_input'),
    tokens_output: sum('tokens_output'),
    total_tokens: sum('total_tokens'),
    model_calls: sum('model_calls'),
    tool_calls: sum('tool_calls'),
  };
}

/**
 * The execution's totals: its own once it has them (it ended), otherwise the sum of the steps that
 * finished so far, each from its row or, before the row is read again, from its `step_end` event
 * (`streamed`, by step index).
 */
export function executionTotals(
  execution: TeamExecution,
  streamed: Readonly<Record<number, StepMetrics | undefined>>,
): ExecutionTotals {
  const finished = execution.steps.flatMap((step): StepMetrics[] => {
    if (step.individual_usage_metrics && step.individual_cost_metrics)
      return [{ usage: step.individual_usage_metrics, cost: step.individual_cost_metrics }];
    const event = streamed[step.step_index];
    return event ? [event] : [];
  });
  const counts = { finishedSteps: finished.length, steps: execution.steps.length };
  if (execution.usage_metrics && execution.cost_metrics)
    return {
      usage: execution.usage_metrics,
      costUsd: execution.cost_metrics.cost_usd,
      final: true,
      ...counts,
    };
  if (finished.length === 0) return { usage: null, costUsd: null, final: false, ...counts };
  return {
    usage: sumUsage(finished.map((step) => step.usage)),
    costUsd: sumUsd(finished.map((step) => step.cost.cost_usd)),
    final: false,
    ...counts,
  };
}
