import { hostname } from 'node:os';
import type { Config } from '@renum/config';
import { createMemoryEventBus, type JobQueue, type RunDeps } from '@renum/platform';
import { createBuiltinExecutor, createModelRegistry } from '@renum/runtime';
import type { ScaleDeps } from './scale-deps.ts';

/** Models, executor, event bus and job queue of this process, from config; the bus from `shared` when given. */
export function createRunDeps(
  config: Pick<Config, 'models' | 'runs'>,
  shared: Pick<ScaleDeps, 'bus' | 'onPublishError' | 'teamContextCache'> | undefined,
  jobs: JobQueue,
): RunDeps {
  const models = createModelRegistry({
    ...(config.models.openaiApiKey
      ? { openai: { apiKey: config.models.openaiApiKey, baseURL: config.models.openaiBaseUrl } }
      : {}),
    ...(config.models.anthropicApiKey
      ? { anthropic: { apiKey: config.models.anthropicApiKey, baseURL: config.models.anthropicBaseUrl } }
      : {}),
    openaiCompatible: config.models.openaiCompatible,
    offline: { chunkDelayMs: config.models.offlineChunkDelayMs },
  });
  return {
    bus: shared?.bus ?? createMemoryEventBus(),
    jobs,
    onPublishError: shared?.onPublishError,
    teamContext: shared?.teamContextCache,
    executor: createBuiltinExecutor({ registry: models }),
    models,
    processId: `${hostname()}:${process.pid}`,
    leaseMs: config.runs.leaseMs,
    historyTokenBudget: config.runs.historyTokenBudget,
  };
}
