import { isPromptLoggingOn, isTerminalRunEvent, type RunEventDraft, runNote } from '@renum/contracts';
import { type MessageCitation, runs, withClient } from '@renum/db';
import type { RunExecution, StepUsage } from '@renum/runtime';
import { eq } from 'drizzle-orm';
import { gateTools } from '../approvals/gate-tools.ts';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { enabledOnly, priceOverrideOf } from '../settings/read-settings.ts';
import { settingsForRun } from '../settings/settings-cache.ts';
import { buildPrompt } from './build-prompt.ts';
import type { ClaimedRun } from './claim-run.ts';
import { clientModelKey } from './client-model-key.ts';
import { logPromptAnswer, logPromptSent } from './prompt-log.ts';
import { refreshRollingSummary } from './rolling-summary.ts';
import { type Routing, routeRun } from './route-run.ts';
import type { RunContext } from './run-context.ts';
import { executorFor, type RunDeps } from './run-deps.ts';
import type { RunEventWriter } from './run-event-writer.ts';
import { assertLease, RunLeaseLost } from './run-fence.ts';
import { interruptedEvent, settledState } from './run-interruption.ts';
import { isLocalTool, runTools } from './run-tools.ts';
import type { LocalToolCall, StepOutcome } from './settle-run.ts';
import { loadToolReplay, replayTools } from './tool-replay.ts';

interface StepOptions {
  deps: PlatformDeps;
  run: RunDeps;
  claimed: ClaimedRun;
  context: RunContext;
  writer: RunEventWriter;
  signal: AbortSignal;
  onExecution: (execution: RunExecution) => void;
}

/**
 * One agent step (ADR 0009): routing (or the routing a previous attempt checkpointed), the rolling
 * summary, the prompt, and the executor's stream relayed through the event writer. The client's key is
 * resolved here, by the worker, never carried by the job. Returns what the settlement needs.
 */
export async function runAgentStep(options: StepOptions): Promise<StepOutcome> {
  const { deps, run, context, writer, signal } = options;
  const { routing, checkpointed } = await routingOf(options);
  const answering = routing.subAgent;
  const model = answering?.model ?? context.agent.model;
  // A client's key never goes to an external executor (Suna calls its own models).
  const clientKey =
    context.run.executor === 'builtin'
      ? await clientModelKey(deps, {
          clientId: context.run.client_id,
          agentId: context.agent.id,
          model,
          runId: context.run.id,
          knownServices: context.ownKeyServices,
        })
      : null;
  const summary = await refreshRollingSummary({
    deps,
    models: run.models,
    context,
    modelId: model,
    clientKey,
    signal,
  });
  const extraCalls = summary ? [...routing.extraCalls, summary] : routing.extraCalls;
  const steps: StepUsage[] = [];
  const approvals: string[] = [];
  // Metered with the price overrides of the settings in force when the step starts (ADR 0050): the
  // version its preparation saw, when that was just now, from this process's memory (ADR 0063).
  const settings = await settingsForRun(deps, { clientId: context.run.client_id, seen: context.settings });
  const priceOverride = priceOverrideOf(settings);
  let citations: MessageCitation[] | null = null;
  const messages = await buildPrompt({
    context,
    systemPrompt: answering?.system_prompt ?? context.agent.system_prompt,
    now: deps.clock(),
    providers: run.contextProviders,
    signal,
    subAgentId: answering?.id ?? null,
    emit: (draft) => {
      if (draft.type === 'retrieval') citations = draft.sources;
      writer.emit(draft);
    },
  });
  // The client's opt-in (ADR 0067), read with the run's inputs and judged by this moment's clock.
  const promptLog =
    deps.logger && isPromptLoggingOn(context.promptLoggingUntil, deps.clock())
      ? {
          logger: deps.logger,
          scope: {
            runId: context.run.id,
            clientId: context.run.client_id,
            agentId: answering?.id ?? context.agent.id,
            model,
          },
        }
      : null;
  if (promptLog) logPromptSent(promptLog.logger, { ...promptLog.scope, messages });
  const execution = await executorFor(run, context.run.executor).start({
    runId: context.run.id,
    messages,
    model,
    ...(clientKey ? { credentials: { clientKey } } : {}),
    // A fallback model disabled since the agent was saved is not called (ADR 0050).
    fallbackModels: enabledOnly(settings, context.agent.fallback_models),
    // Calls of critical tools, and calls a policy flags, become approval requests (ADR 0024).
    tools: gateTools(await stepTools(options), {
      db: deps.db,
      jobs: run.jobs,
      clock: deps.clock,
      newId: deps.newId,
      notifications: deps,
      run: { id: context.run.id, client_id: context.run.client_id, conversation_id: context.conversation.id },
      agent: context.agent,
      emit: (draft) => writer.emit(draft),
      onRequested: (approvalId) => approvals.push(approvalId),
    }),
    maxSteps: context.agent.max_steps,
    // A team step's output_schema, asked through the provider's structured-output API (ADR 0044).
    ...(context.run.output_schema ? { responseSchema: context.run.output_schema } : {}),
    abortSignal: signal,
    metadata: {
      clientId: context.run.client_id,
      agentId: context.agent.id,
      subAgentId: answering?.id,
      conversationId: context.conversation.id,
      runId: context.run.id,
      contactId: context.conversation.contact_id ?? undefined,
      agentName: answering?.name ?? context.agent.name,
      // The run's spans join the trace it was created in, whichever process executes it (ADR 0069).
      ...(context.run.trace_parent ? { traceParent: context.run.trace_parent } : {}),
    },
    onStep: (step) => steps.push(step),
    ...(priceOverride ? { priceOverride } : {}),
  });
  options.onExecution(execution);
  const relayed = await relay(execution, writer, deps.clock);
  const settled = settledState(await execution.finished, signal);
  if (promptLog) logPromptAnswer(promptLog.logger, { ...promptLog.scope, state: settled.state });
  const lost = await checkpointed;
  if (lost) throw lost;
  // A call waits for a person: the run ends suspended and goes on once decided (ADR 0039).
  const suspended = approvals.length > 0 && settled.state.status === 'completed';
  if (suspended) {
    writer.emit({
      type: 'status',
      status: 'suspended',
      content: '⏸️ Aguardando aprovação',
      ...runNote('run.suspended'),
    });
  }
  return {
    suspended,
    final: settled.state,
    // A run interrupted because this process is stopping ends failed INTERRUPTED, not stopped.
    held: settled.interrupted ? interruptedEvent : relayed.held,
    steps,
    extraCalls,
    priceOverride,
    toolParts: relayed.toolParts,
    localToolCalls: relayed.toolCalls,
    routing,
    firstTokenAt: relayed.firstTokenAt,
    citations,
  };
}

/** Relays the executor's events; the terminal one is held back until the run is settled. */
async function relay(execution: RunExecution, writer: RunEventWriter, clock: () => Date) {
  let held: RunEventDraft | null = null;
  let firstTokenAt: Date | null = null;
  const toolParts: Array<Record<string, unknown>> = [];
  const toolCalls: LocalToolCall[] = [];
  for await (const draft of execution.events) {
    if (draft.type === 'status' && draft.status === 'running') continue; // already announced
    if (draft.type === 'content' && !firstTokenAt) firstTokenAt = clock();
    if (draft.type === 'tool_call') {
      toolParts.push({
        type: 'tool-call',
        toolCallId: draft.tool_call_id,
        toolName: draft.tool,
        input: draft.params,
      });
    } else if (draft.type === 'tool_result') {
      toolParts.push({
        type: 'tool-result',
        toolCallId: draft.tool_call_id,
        toolName: draft.tool,
        output: draft.result,
        isError: draft.is_error,
      });
      if (isLocalTool(draft.tool))
        toolCalls.push({
          tool: draft.tool,
          isError: draft.is_error,
          durationMs: draft.duration_ms,
          at: clock(),
        });
    }
    if (isTerminalRunEvent(draft)) held = draft;
    else writer.emit(draft);
  }
  return { held, firstTokenAt, toolParts, toolCalls };
}

/**
 * Routes the run inside a `renum.routing` span of the run's trace when tracing is on (ADR 0071): ids and
 * counts as attributes, never the message or the topics.
 */
function tracedRouting(options: StepOptions): Promise<Routing> {
  const { deps, context } = options;
  if (!deps.traceStep) return routeRun(options);
  return deps.traceStep(
    'renum.routing',
    { traceParent: context.run.trace_parent, attributes: { 'renum.run_id': context.run.id } },
    async (annotate) => {
      const routing = await routeRun(options);
      annotate({
        'renum.routing.sub_agent_id': routing.subAgent?.id ?? 'none',
        'renum.routing.model_calls': routing.extraCalls.length,
        'renum.routing.failed': routing.routingError !== null,
      });
      return routing;
    },
  );
}

/**
 * The routing of this attempt: the checkpoint of an earlier one when the run was taken over, else routed
 * now. A routing that cost a model call (topic analysis) is checkpointed, fenced, so a resumed attempt
 * neither routes nor meters it twice; the write runs alongside the agent step (`checkpointed` is awaited
 * before settling). A topic match is free and deterministic: nothing to save.
 */
async function routingOf(
  options: StepOptions,
): Promise<{ routing: Routing; checkpointed: Promise<RunLeaseLost | null> }> {
  const { deps, claimed, context } = options;
  const saved = claimed.run.checkpoint;
  if (saved) {
    const subAgent = context.activeSubAgents.find((row) => row.id === saved.routing.sub_agent_id) ?? null;
    const extraCalls = saved.extra_calls as unknown as Routing['extraCalls'];
    return {
      routing: { subAgent, routingError: saved.routing.routing_error, extraCalls },
      checkpointed: Promise.resolve(null),
    };
  }
  const routing = await tracedRouting(options);
  if (routing.extraCalls.length === 0) return { routing, checkpointed: Promise.resolve(null) };
  const checkpoint = {
    routing: { sub_agent_id: routing.subAgent?.id ?? null, routing_error: routing.routingError },
    extra_calls: routing.extraCalls as unknown as Array<Record<string, unknown>>,
  };
  const write = withClient(deps.db, context.run.client_id, async (tx) => {
    await assertLease(tx, claimed.run.id, claimed.leaseToken);
    await tx.update(runs).set({ checkpoint }).where(eq(runs.id, claimed.run.id));
  });
  // Not awaited here, and never rejecting: a lost lease is handed back (the step throws it once the model
  // call is over); any other failure is reported and only costs a resumed attempt a second routing.
  const checkpointed = write.then(
    () => null,
    (error: unknown) => {
      if (error instanceof RunLeaseLost) return error;
      reportFailure(deps, 'run.checkpoint', error, { run_id: claimed.run.id });
      return null;
    },
  );
  return { routing, checkpointed };
}

/** The run's tools; on a taken-over run, calls an earlier attempt made are answered from its results. */
async function stepTools(options: StepOptions) {
  const { deps, run, context, claimed, writer } = options;
  const tools = runTools({
    db: deps.db,
    context,
    newId: deps.newId,
    outbound: run.tools,
    meter: (record, toolCallId) => writer.holdToolCall(toolCallId, record),
  });
  if (claimed.run.claims <= 1) return tools;
  return replayTools(tools, await loadToolReplay(deps.db, context.run.client_id, context.run.id));
}
