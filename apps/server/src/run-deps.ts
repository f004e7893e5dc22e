import { hostname } from 'node:os';
import type { Config } from '@renum/config';
import { createMemoryEventBus, type RunDeps } from '@renum/platform';
import { createBuiltinExecutor, createModelRegistry } from '@renum/runtime';

/** Models, executor and event bus of this process, from config. */
export function createRunDeps(config: Pick<Config, 'models' | 'runs'>): RunDeps {
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
    bus: createMemoryEventBus(),
    executor: createBuiltinExecutor({ registry: models }),
    models,
    processId: `${hostname()}:${process.pid}`,
    leaseMs: config.runs.leaseMs,
    historyTokenBudget: config.runs.historyTokenBudget,
  };
}
