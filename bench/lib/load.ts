import { performance } from 'node:perf_hooks';
import { type CpuPerTurn, cpuPerTurn, cpuSnapshot, type WatchedProcesses } from './cpu.ts';
import { type LatencySummary, summarize } from './stats.ts';

/** Timings of one chat turn, in ms from the moment the request was started. */
export interface TurnTiming {
  /** Time to the first text token. */
  ttft: number;
  /** Time to the end of the answer (Renum: the `complete` event; direct: the end of the stream). */
  total: number;
  /** Renum only: time to the response headers (the message is stored and the run launched). */
  headers?: number;
  /** Renum only: time to the first SSE event (the run's `status`). */
  firstEvent?: number;
}

/** Runs one turn; `index` is its number within the phase (0-based). */
export type TurnFn = (index: number) => Promise<TurnTiming>;

/** Result of a phase of turns at a fixed concurrency. */
export interface PhaseResult {
  concurrency: number;
  /** Turns that completed. */
  turns: number;
  errors: number;
  /** First few error messages. */
  errorSamples: string[];
  /** Wall time of the phase (first start to last end), ms. */
  wallMs: number;
  turnsPerSecond: number;
  ttft: LatencySummary;
  total: LatencySummary;
  /** Renum only: time to response headers and to the first event. */
  headers: LatencySummary | null;
  firstEvent: LatencySummary | null;
  /** CPU ms per completed turn by process (bench = this process, other = rest of the machine). */
  cpu: CpuPerTurn;
  /** Monotonic clock windows of the phase (µs, CLOCK_MONOTONIC like V8's profiler ticks). */
  windows: { startUs: number; endUs: number }[];
  /** Raw samples (not written to the JSON report). */
  samples: TurnTiming[];
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

function optionalSummary(
  samples: readonly TurnTiming[],
  key: 'headers' | 'firstEvent',
): LatencySummary | null {
  const values = samples.map((sample) => sample[key]).filter((value): value is number => value !== undefined);
  return values.length > 0 ? summarize(values) : null;
}

/** The latency summaries of a phase's turns (the optional ones null when no turn measured them). */
function latencySummaries(samples: readonly TurnTiming[]) {
  return {
    ttft: summarize(samples.map((sample) => sample.ttft)),
    total: summarize(samples.map((sample) => sample.total)),
    headers: optionalSummary(samples, 'headers'),
    firstEvent: optionalSummary(samples, 'firstEvent'),
  };
}

/**
 * Runs `turns` turns with `concurrency` workers pulling from one counter (a bounded loop).
 * Stops dispatching new turns after `maxMs` (the turns already started finish).
 */
export async function runPhase(options: {
  turns: number;
  concurrency: number;
  turn: TurnFn;
  maxMs?: number;
  /** Child processes whose CPU time is accounted per turn, by name. */
  watch?: WatchedProcesses;
}): Promise<PhaseResult> {
  const { turns, concurrency, turn } = options;
  const maxMs = options.maxMs ?? Number.POSITIVE_INFINITY;
  const samples: TurnTiming[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const cpuBefore = cpuSnapshot(options.watch ?? {});
  const startUs = monotonicUs();
  const started = performance.now();
  const worker = async () => {
    while (next < turns && performance.now() - started < maxMs) {
      const index = next++;
      try {
        samples.push(await turn(index));
      } catch (error) {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, turns) }, worker));
  const wallMs = performance.now() - started;
  const endUs = monotonicUs();
  return {
    concurrency,
    turns: samples.length,
    errors,
    errorSamples,
    wallMs,
    turnsPerSecond: samples.length / (wallMs / 1000),
    ...latencySummaries(samples),
    cpu: cpuPerTurn(cpuBefore, cpuSnapshot(options.watch ?? {}), samples.length),
    windows: [{ startUs, endUs }],
    samples,
  };
}

/** Concatenates phases measured in alternating blocks into one result (same concurrency). */
export function mergePhases(phases: readonly PhaseResult[]): PhaseResult {
  const samples = phases.flatMap((phase) => phase.samples);
  const wallMs = phases.reduce((sum, phase) => sum + phase.wallMs, 0);
  return {
    concurrency: phases[0]?.concurrency ?? 1,
    turns: samples.length,
    errors: phases.reduce((sum, phase) => sum + phase.errors, 0),
    errorSamples: phases.flatMap((phase) => phase.errorSamples).slice(0, 5),
    wallMs,
    turnsPerSecond: samples.length / (wallMs / 1000),
    ...latencySummaries(samples),
    cpu: Object.fromEntries(
      Object.keys(phases[0]?.cpu ?? {}).map((name) => [
        name,
        phases.reduce((sum, phase) => sum + (phase.cpu[name] ?? 0) * phase.turns, 0) /
          Math.max(1, samples.length),
      ]),
    ),
    windows: phases.flatMap((phase) => phase.windows),
    samples,
  };
}
