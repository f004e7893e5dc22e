import {
  type Context,
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { RunEventDraft } from '@renum/contracts';
import type { Executor, ExecutorStartInput, RunExecution, StepUsage } from '@renum/runtime';
import { contextOfTraceParent } from './trace-parent.ts';

/**
 * Wraps an executor so each run is a span (child of whatever is active when it starts: the HTTP request
 * when the run is picked up in the same process), each model call a `chat` span under it and each tool
 * call an `execute_tool` span under the model call that asked for it. Attributes are ids, names, counts
 * and outcomes only: never the prompt, a message, tool arguments or results, or a credential.
 */
export function traceExecutor(executor: Executor, tracer: Tracer): Executor {
  return {
    kind: executor.kind,
    async start(input) {
      const parent = runParent(input);
      const runSpan = tracer.startSpan(
        'renum.run',
        { kind: SpanKind.INTERNAL, attributes: runAttributes(executor.kind, input) },
        parent,
      );
      const steps = createStepSpans(tracer, trace.setSpan(parent, runSpan));
      let execution: RunExecution;
      try {
        // Started inside the run's span: what the run does later (its model's and tools' HTTP requests,
        // its statements) inherits it as the parent of their spans (ADR 0071).
        execution = await context.with(trace.setSpan(parent, runSpan), () =>
          executor.start({
            ...input,
            onStep: (step) => {
              steps.finish(step);
              input.onStep?.(step);
            },
          }),
        );
      } catch (error) {
        runSpan.setStatus({ code: SpanStatusCode.ERROR, message: 'executor refused the run' });
        runSpan.end();
        throw error;
      }
      void execution.finished.then((state) => {
        steps.close();
        runSpan.setAttribute('renum.run.status', state.status);
        runSpan.setAttribute('gen_ai.usage.input_tokens', state.usage.inputTokens);
        runSpan.setAttribute('gen_ai.usage.output_tokens', state.usage.outputTokens);
        if (state.status === 'failed')
          runSpan.setStatus({ code: SpanStatusCode.ERROR, message: state.error?.code ?? 'failed' });
        runSpan.end();
      });
      return {
        runId: execution.runId,
        events: traceTools(execution.events, tracer, steps),
        stop: () => execution.stop(),
        state: () => execution.state(),
        finished: execution.finished,
      };
    },
  };
}

/**
 * The context a run's span starts in: the trace the run was created in (its stored `traceparent`, ADR
 * 0069), whichever process executes it and however often; the active context for a run that stored none.
 */
function runParent(input: ExecutorStartInput): Context {
  const traceParent = input.metadata?.['traceParent'];
  return contextOfTraceParent(typeof traceParent === 'string' ? traceParent : null);
}

function runAttributes(kind: string, input: ExecutorStartInput): Record<string, string | number> {
  const metadata = input.metadata;
  return {
    'renum.run_id': input.runId,
    'renum.executor': kind,
    'gen_ai.request.model': input.model,
    ...(metadata?.clientId ? { 'renum.client_id': metadata.clientId } : {}),
    ...(metadata?.agentId ? { 'renum.agent_id': metadata.agentId } : {}),
    ...(metadata?.conversationId ? { 'renum.conversation_id': metadata.conversationId } : {}),
  };
}

/** The model-call spans of one run: opened when a tool call shows the step began, closed by `onStep`. */
interface StepSpans {
  /** The span of the model call in progress (opened now if none is). */
  current(): Span;
  finish(step: StepUsage): void;
  /** Ends a span left open when the run ends without reporting its step. */
  close(): void;
}

function createStepSpans(tracer: Tracer, runContext: Context): StepSpans {
  let open: Span | null = null;
  let stepStart = Date.now();
  const startStep = (startTime: number) =>
    tracer.startSpan('chat', { kind: SpanKind.CLIENT, startTime }, runContext);
  return {
    current() {
      open ??= startStep(stepStart);
      return open;
    },
    finish(step) {
      const now = Date.now();
      const span = open ?? startStep(now - step.latencyMs);
      open = null;
      stepStart = now;
      span.updateName(`chat ${step.modelId}`);
      span.setAttributes({
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': step.provider,
        'gen_ai.request.model': step.modelId,
        'gen_ai.usage.input_tokens': step.inputTokens,
        'gen_ai.usage.output_tokens': step.outputTokens,
        'gen_ai.response.finish_reasons': [step.finishReason],
        'renum.step': step.stepNumber,
        'renum.attempts': step.attempts,
        'renum.cost_usd': step.costUsd,
      });
      span.end(now);
    },
    close() {
      open?.end();
      open = null;
    },
  };
}

async function* traceTools(
  events: AsyncIterable<RunEventDraft>,
  tracer: Tracer,
  steps: StepSpans,
): AsyncGenerator<RunEventDraft> {
  const tools = new Map<string, Span>();
  try {
    for await (const event of events) {
      if (event.type === 'tool_call') {
        const parent = trace.setSpan(context.active(), steps.current());
        tools.set(
          event.tool_call_id,
          tracer.startSpan(
            `execute_tool ${event.tool}`,
            {
              kind: SpanKind.INTERNAL,
              attributes: {
                'gen_ai.operation.name': 'execute_tool',
                'gen_ai.tool.name': event.tool,
                'gen_ai.tool.call.id': event.tool_call_id,
              },
            },
            parent,
          ),
        );
      } else if (event.type === 'tool_result') {
        const span = tools.get(event.tool_call_id);
        tools.delete(event.tool_call_id);
        span?.setAttributes({ 'renum.tool.is_error': event.is_error, 'renum.tool.attempts': event.attempts });
        if (event.is_error) span?.setStatus({ code: SpanStatusCode.ERROR });
        span?.end();
      }
      yield event;
    }
  } finally {
    for (const span of tools.values()) span.end();
  }
}
