import type { Executor, ModelRegistry } from '@renum/runtime';
import type { ToolCatalog, ToolProxy } from '@renum/tools';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { TeamContextCache } from '../teams/context-cache.ts';
import type { ContextProvider } from './context/index.ts';
import type { EventBus, PublishFailureReporter } from './event-bus.ts';

/** What running agents needs beyond {@link PlatformDeps}. */
export interface RunDeps {
  bus: EventBus;
  /** Where runs are enqueued (`run.execute`, in the send's transaction). */
  jobs: JobQueue;
  /** Told when the bus fails to publish a run event (logged and counted there). @defaultValue a process warning */
  onPublishError?: PublishFailureReporter | undefined;
  /** The built-in executor (`builtin`), used by agents whose `executor` is its kind. */
  executor: Executor;
  /** Other executors by kind (`suna`, issue 13); an agent's `executor` picks one. */
  executors?: Readonly<Record<string, Executor>> | undefined;
  models: ModelRegistry;
  /**
   * This process executes runs (`RENUM_ROLE` all or worker): a send then stores its run already claimed
   * by this process (local pick-up, ADR 0009 §3), so its worker skips the claim's transaction.
   * @defaultValue false
   */
  localWorker?: boolean | undefined;
  /** Names this process in run leases. */
  processId: string;
  /** How long a run's lease lasts without renewal; an expired lease means its process died. @defaultValue 30_000 */
  leaseMs: number;
  /** Estimated tokens of conversation history put in each prompt. @defaultValue 4000 */
  historyTokenBudget: number;
  /** What a run's prompt is composed of, in order. @defaultValue memory, summary, history */
  contextProviders?: readonly ContextProvider[] | undefined;
  /** Where team executions' shared contexts are cached (Redis); absent: read from Postgres only. */
  teamContext?: TeamContextCache | undefined;
  /** Outbound tools (web_search, http_request...) through the tool proxy; absent: built-ins only. */
  tools?: { proxy: ToolProxy; catalog: ToolCatalog } | undefined;
}

/** The executor of an agent's runs (chosen per agent, ADR 0009); throws when this deployment lacks it. */
export function executorFor(run: Pick<RunDeps, 'executor' | 'executors'>, kind: string): Executor {
  const executor = kind === run.executor.kind ? run.executor : run.executors?.[kind];
  if (!executor) throw new Error(`No executor "${kind}" is configured in this deployment`);
  return executor;
}
