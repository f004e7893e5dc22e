import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { createBoundedLabel } from './bounded-label.ts';

/** Seconds buckets for HTTP answers (an SSE answer lasts as long as its run). */
const httpBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds buckets for model calls, runs and jobs: from a cached answer to a long tool loop. */
const workBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];
/** Seconds buckets for tool calls. */
const toolBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

/**
 * The process's Prometheus metrics (issue 16), one registry per app so tests do not share counters.
 * Labels are bounded: route templates (never the path), status codes, executor kinds, providers, model
 * and tool names capped by {@link createBoundedLabel}, queue names; never a client, user or run id.
 */
export interface RenumMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly runsStarted: Counter<'executor'>;
  readonly runsFinished: Counter<'executor' | 'status'>;
  readonly runsInProgress: Gauge<'executor'>;
  readonly runDuration: Histogram<'executor' | 'status'>;
  readonly modelCallDuration: Histogram<'provider' | 'model'>;
  readonly modelTokens: Counter<'provider' | 'model' | 'direction'>;
  readonly modelCost: Counter<'provider' | 'model'>;
  readonly toolCalls: Counter<'tool' | 'outcome'>;
  readonly toolDuration: Histogram<'tool' | 'outcome'>;
  readonly toolResilience: Counter<'tool' | 'event'>;
  readonly jobEvents: Counter<'queue' | 'event'>;
  readonly jobDuration: Histogram<'queue' | 'name'>;
  /** Caps model names in labels (first 200 distinct, then `other`). */
  readonly modelLabel: (value: string) => string;
  /** Caps tool names in labels (first 200 distinct, then `other`). */
  readonly toolLabel: (value: string) => string;
}

/** Creates the registry with Node's default metrics (event-loop lag, heap, GC) and Renum's families. */
export function createMetrics(): RenumMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'renum_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'renum_http_request_duration_seconds',
      help: 'Time from request to the end of the answer (an SSE answer ends with its run).',
      labelNames: ['method', 'route', 'status'],
      buckets: httpBuckets,
      registers,
    }),
    runsStarted: new Counter({
      name: 'renum_runs_started_total',
      help: 'Runs handed to an executor, by executor kind.',
      labelNames: ['executor'],
      registers,
    }),
    runsFinished: new Counter({
      name: 'renum_runs_finished_total',
      help: 'Runs ended, by executor kind and final status (completed, failed, stopped).',
      labelNames: ['executor', 'status'],
      registers,
    }),
    runsInProgress: new Gauge({
      name: 'renum_runs_in_progress',
      help: 'Runs executing in this process, by executor kind.',
      labelNames: ['executor'],
      registers,
    }),
    runDuration: new Histogram({
      name: 'renum_run_duration_seconds',
      help: 'Time from a run being handed to its executor to its end.',
      labelNames: ['executor', 'status'],
      buckets: workBuckets,
      registers,
    }),
    modelCallDuration: new Histogram({
      name: 'renum_model_call_duration_seconds',
      help: 'Latency of one model call (step), retries included, by provider and model.',
      labelNames: ['provider', 'model'],
      buckets: workBuckets,
      registers,
    }),
    modelTokens: new Counter({
      name: 'renum_model_tokens_total',
      help: 'Tokens of model calls, by provider, model and direction (input, output).',
      labelNames: ['provider', 'model', 'direction'],
      registers,
    }),
    modelCost: new Counter({
      name: 'renum_model_cost_usd_total',
      help: 'Cost of model calls in USD from the price table, by provider and model.',
      labelNames: ['provider', 'model'],
      registers,
    }),
    toolCalls: new Counter({
      name: 'renum_tool_calls_total',
      help: 'Tool calls of runs, by tool and outcome (ok, error).',
      labelNames: ['tool', 'outcome'],
      registers,
    }),
    toolDuration: new Histogram({
      name: 'renum_tool_call_duration_seconds',
      help: 'Latency of tool calls, retries included, by tool and outcome.',
      labelNames: ['tool', 'outcome'],
      buckets: toolBuckets,
      registers,
    }),
    toolResilience: new Counter({
      name: 'renum_tool_resilience_events_total',
      help: 'Resilience events of outbound tool calls, by tool and event (attempt, retry, timeout, give_up, breaker_open, breaker_half_open, breaker_close, rejected).',
      labelNames: ['tool', 'event'],
      registers,
    }),
    jobEvents: new Counter({
      name: 'renum_job_events_total',
      help: 'Job events of this process, by queue and event (enqueued, claimed, completed, retried, dead, fenced, lease_lost, released, error).',
      labelNames: ['queue', 'event'],
      registers,
    }),
    jobDuration: new Histogram({
      name: 'renum_job_duration_seconds',
      help: 'Run time of completed jobs, by queue and job name.',
      labelNames: ['queue', 'name'],
      buckets: workBuckets,
      registers,
    }),
    modelLabel: createBoundedLabel({ limit: 200 }),
    toolLabel: createBoundedLabel({ limit: 200 }),
  };
}
