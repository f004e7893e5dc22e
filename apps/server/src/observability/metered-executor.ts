import type { RunEventDraft } from '@renum/contracts';
import type { Executor, RunExecution, StepUsage } from '@renum/runtime';
import type { RenumMetrics } from './metrics.ts';

/**
 * Wraps an executor so its runs are measured without touching the run path: runs started, in progress
 * and finished by status, each model call's latency, tokens and cost (from `onStep`), and each tool
 * call's outcome and latency (from the `tool_result` events as the platform reads them).
 */
export function meterExecutor(executor: Executor, metrics: RenumMetrics): Executor {
  const kind = executor.kind;
  return {
    kind,
    async start(input) {
      const startedAt = performance.now();
      metrics.runsStarted.inc({ executor: kind });
      metrics.runsInProgress.inc({ executor: kind });
      let execution: RunExecution;
      try {
        execution = await executor.start({
          ...input,
          onStep: (step) => {
            recordStep(metrics, step);
            input.onStep?.(step);
          },
        });
      } catch (error) {
        metrics.runsInProgress.dec({ executor: kind });
        metrics.runsFinished.inc({ executor: kind, status: 'failed' });
        throw error;
      }
      // `finished` never rejects (see RunExecution).
      void execution.finished.then((state) => {
        const labels = { executor: kind, status: state.status };
        metrics.runsInProgress.dec({ executor: kind });
        metrics.runsFinished.inc(labels);
        metrics.runDuration.observe(labels, (performance.now() - startedAt) / 1000);
      });
      return {
        runId: execution.runId,
        events: observeTools(execution.events, metrics),
        stop: () => execution.stop(),
        state: () => execution.state(),
        finished: execution.finished,
      };
    },
  };
}

function recordStep(metrics: RenumMetrics, step: StepUsage): void {
  const labels = { provider: step.provider, model: metrics.modelLabel(step.modelId) };
  metrics.modelCallDuration.observe(labels, step.latencyMs / 1000);
  metrics.modelTokens.inc({ ...labels, direction: 'input' }, step.inputTokens);
  metrics.modelTokens.inc({ ...labels, direction: 'output' }, step.outputTokens);
  metrics.modelCost.inc(labels, step.costUsd);
}

async function* observeTools(
  events: AsyncIterable<RunEventDraft>,
  metrics: RenumMetrics,
): AsyncGenerator<RunEventDraft> {
  for await (const event of events) {
    if (event.type === 'tool_result') {
      const labels = { tool: metrics.toolLabel(event.tool), outcome: event.is_error ? 'error' : 'ok' };
      metrics.toolCalls.inc(labels);
      metrics.toolDuration.observe(labels, event.duration_ms / 1000);
    }
    yield event;
  }
}
