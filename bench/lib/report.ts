import type { PhaseResult } from './load.ts';
import { round } from './stats.ts';

/** Goals of issue 3 ("Performance") and issue 9 ("durable runs"). */
export const GOALS = {
  addedP50Ms: 3,
  addedP99Ms: 15,
  throughputRatio: 0.5,
  /** Issue 9: what the distributed mode may add to the one-process mode's p50. */
  distributedExtraP50Ms: 2,
} as const;

/**
 * What one measurement ran on: PGlite in one process, Postgres in one process (the embedded job queue
 * and event bus), or Postgres with Redis in an api process and a worker process (issue 9).
 */
export type BenchMode = 'pglite' | 'postgres' | 'redis' | 'distributed';

/** Results of one mode. */
export interface DatabaseResults {
  mode: BenchMode;
  label: string;
  direct: { c1: PhaseResult; c50: PhaseResult };
  renum: { c1: PhaseResult; c50: PhaseResult };
  /** Postgres only: round trips per turn by statement kind, measured through a counting proxy. */
  roundTrips?: RoundTripReport;
}

/** Round trips to Postgres per turn, summed over one or more processes. */
export interface RoundTripCounts {
  perTurn: number;
  transactionsPerTurn: number;
  /** Summed wait on Postgres per turn, as seen at the proxy (ms). */
  dbWaitMsPerTurn: number;
  byKind: { kind: string; perTurn: number; msPerTurn: number }[];
}

/** Round trips to Postgres per Renum turn (diagnostic pass through a proxy, concurrency 1). */
export interface RoundTripReport extends RoundTripCounts {
  turns: number;
  /** Completion p50 of these turns (with the proxy's extra hop). */
  completionP50Ms: number;
  /** Round trips per second of the idle deployment (polls, relays), included in the per-turn counts. */
  idlePerSecond: number;
  /** Each process's share when the deployment has more than one (a proxy in front of each). */
  processes?: ({ name: string } & RoundTripCounts)[];
}

/** Figures the goals are judged on. */
export interface Derived {
  addedCompletionP50: number;
  addedCompletionP99: number;
  addedFirstTokenP50: number;
  addedFirstTokenP99: number;
  throughputRatio: number;
  goals: {
    addedP50: { value: number; goal: string; met: boolean };
    addedP99: { value: number; goal: string; met: boolean };
    addedFirstTokenP50: { value: number; goal: string; met: boolean };
    addedFirstTokenP99: { value: number; goal: string; met: boolean };
    throughputRatio: { value: number; goal: string; met: boolean };
  };
}

/** Added latency (Renum minus direct, at c=1) and the throughput ratio (Renum / direct, at c=50). */
export function derive(results: DatabaseResults): Derived {
  const { direct, renum } = results;
  const addedCompletionP50 = renum.c1.total.p50 - direct.c1.total.p50;
  const addedCompletionP99 = renum.c1.total.p99 - direct.c1.total.p99;
  const addedFirstTokenP50 = renum.c1.ttft.p50 - direct.c1.ttft.p50;
  const addedFirstTokenP99 = renum.c1.ttft.p99 - direct.c1.ttft.p99;
  const throughputRatio = renum.c50.turnsPerSecond / direct.c50.turnsPerSecond;
  const p50Goal = `≤ ${GOALS.addedP50Ms} ms`;
  const p99Goal = `≤ ${GOALS.addedP99Ms} ms`;
  return {
    addedCompletionP50,
    addedCompletionP99,
    addedFirstTokenP50,
    addedFirstTokenP99,
    throughputRatio,
    goals: {
      addedP50: { value: addedCompletionP50, goal: p50Goal, met: addedCompletionP50 <= GOALS.addedP50Ms },
      addedP99: { value: addedCompletionP99, goal: p99Goal, met: addedCompletionP99 <= GOALS.addedP99Ms },
      addedFirstTokenP50: {
        value: addedFirstTokenP50,
        goal: p50Goal,
        met: addedFirstTokenP50 <= GOALS.addedP50Ms,
      },
      addedFirstTokenP99: {
        value: addedFirstTokenP99,
        goal: p99Goal,
        met: addedFirstTokenP99 <= GOALS.addedP99Ms,
      },
      throughputRatio: {
        value: throughputRatio,
        goal: `≥ ${GOALS.throughputRatio}×`,
        met: throughputRatio >= GOALS.throughputRatio,
      },
    },
  };
}

/** CPU columns in the order they are printed (those a mode did not measure are left out). */
const cpuColumns = [
  'bench',
  'server',
  'api',
  'worker',
  'postgres',
  'redis',
  'fake',
  'irq',
  'other',
  'machine',
];

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');
const pad = (text: string, width: number) => text.padEnd(width);
const left = (text: string, width: number) => text.padStart(width);

/** The table of one mode, as printed on stdout. */
export function formatTable(results: DatabaseResults): string {
  const derived = derive(results);
  const lines: string[] = [];
  const header = `${pad('scenario', 30)}${left('turns', 7)}${left('TTFT p50', 10)}${left('TTFT p99', 10)}${left('done p50', 10)}${left('done p99', 10)}${left('turns/s', 10)}`;
  lines.push(`== ${results.label} ==`, header, '-'.repeat(header.length));
  const row = (name: string, phase: PhaseResult) => {
    const errors = phase.errors > 0 ? `  (${phase.errors} errors)` : '';
    lines.push(
      `${pad(name, 30)}${left(String(phase.turns), 7)}${left(ms(phase.ttft.p50), 10)}${left(ms(phase.ttft.p99), 10)}${left(ms(phase.total.p50), 10)}${left(ms(phase.total.p99), 10)}${left(phase.turnsPerSecond.toFixed(1), 10)}${errors}`,
    );
  };
  row('direct AI SDK, c=1', results.direct.c1);
  row('Renum (HTTP+SSE), c=1', results.renum.c1);
  row('direct AI SDK, c=50', results.direct.c50);
  row('Renum (HTTP+SSE), c=50', results.renum.c50);
  lines.push('(latencies in ms; TTFT = first text token; done = complete event / end of stream)', '');
  const c1 = results.renum.c1;
  if (c1.headers && c1.firstEvent) {
    lines.push(
      `Renum turn at c=1, p50 from the request: headers (message stored, run queued) ${ms(c1.headers.p50)} ms → first event ${ms(c1.firstEvent.p50)} ms → first token ${ms(c1.ttft.p50)} ms → complete ${ms(c1.total.p50)} ms`,
      `(direct call: first token ${ms(results.direct.c1.ttft.p50)} ms → end ${ms(results.direct.c1.total.p50)} ms)`,
      '',
    );
  }
  const measured = new Set(Object.keys(results.renum.c1.cpu));
  const cpuNames = cpuColumns.filter((name) => measured.has(name));
  lines.push(
    `${pad('CPU ms per turn', 30)}${cpuNames.map((name) => left(name, 9)).join('')}`,
    '(bench = load generator + direct AI SDK calls; irq = interrupts, incl. loopback networking;',
    ' other = the rest of the machine, i.e. unrelated load; machine = all CPUs busy time per turn)',
  );
  const cpuRow = (name: string, phase: PhaseResult) =>
    lines.push(
      `${pad(name, 30)}${cpuNames.map((key) => left(ms(phase.cpu[key] ?? Number.NaN), 9)).join('')}`,
    );
  cpuRow('direct AI SDK, c=1', results.direct.c1);
  cpuRow('Renum (HTTP+SSE), c=1', results.renum.c1);
  cpuRow('direct AI SDK, c=50', results.direct.c50);
  cpuRow('Renum (HTTP+SSE), c=50', results.renum.c50);
  lines.push('');
  const mark = (met: boolean) => (met ? 'MET' : 'NOT MET');
  const goal = (name: string, entry: { value: number; goal: string; met: boolean }, unit: string) =>
    lines.push(
      `  ${pad(name, 40)}${left(`${entry.value.toFixed(2)}${unit}`, 10)}   goal ${pad(entry.goal, 9)} ${mark(entry.met)}`,
    );
  lines.push('Goals (Renum minus direct at c=1; Renum / direct turns/s at c=50):');
  goal('added p50, to completion', derived.goals.addedP50, ' ms');
  goal('added p99, to completion', derived.goals.addedP99, ' ms');
  goal('added p50, to first token', derived.goals.addedFirstTokenP50, ' ms');
  goal('added p99, to first token', derived.goals.addedFirstTokenP99, ' ms');
  goal('turns/s ratio at c=50', derived.goals.throughputRatio, '×');
  if (results.roundTrips) lines.push('', ...formatRoundTrips(results.roundTrips));
  return lines.join('\n');
}

function formatRoundTrips(trips: RoundTripReport): string[] {
  const lines = [
    `Postgres round trips per Renum turn (${trips.turns} turns at c=1 through a counting proxy):`,
    `  ${trips.perTurn.toFixed(1)} round trips, ${trips.transactionsPerTurn.toFixed(1)} transactions, ${trips.dbWaitMsPerTurn.toFixed(2)} ms waiting on Postgres per turn (completion p50 with the proxy: ${ms(trips.completionP50Ms)} ms)`,
    `  (idle, the deployment makes ${trips.idlePerSecond.toFixed(1)} round trips a second on its own, polls and relay passes: subtracted, by statement kind)`,
  ];
  const byKind = (counts: RoundTripCounts, indent: string) => {
    for (const entry of counts.byKind) {
      lines.push(
        `${indent}${pad(entry.kind, 36)}${left(entry.perTurn.toFixed(1), 6)} /turn ${left(ms(entry.msPerTurn), 7)} ms`,
      );
    }
  };
  if (!trips.processes) {
    byKind(trips, '    ');
    return lines;
  }
  for (const share of trips.processes) {
    lines.push(
      `  ${share.name} process: ${share.perTurn.toFixed(1)} round trips, ${share.transactionsPerTurn.toFixed(1)} transactions, ${share.dbWaitMsPerTurn.toFixed(2)} ms waiting`,
    );
    byKind(share, '    ');
  }
  return lines;
}

/**
 * Postgres in one process against Postgres with Redis in an api and a worker process: what the
 * distributed mode adds over the one-process mode (issue 9's goal: at most 2 ms p50).
 */
export function formatComparison(
  embedded: DatabaseResults,
  distributed: DatabaseResults,
  title = 'distributed (api + worker processes, Redis)',
): string {
  const one = derive(embedded);
  const two = derive(distributed);
  const header = `${pad('Renum over the direct call', 34)}${left('one process', 14)}${left(distributed.mode, 14)}${left('difference', 12)}`;
  const lines = [`== Postgres: one process vs ${title} ==`, header, '-'.repeat(header.length)];
  const row = (name: string, a: number, b: number, unit: string, digits = 2) =>
    lines.push(
      `${pad(name, 34)}${left(`${a.toFixed(digits)}${unit}`, 14)}${left(`${b.toFixed(digits)}${unit}`, 14)}${left(`${(b - a).toFixed(digits)}${unit}`, 12)}`,
    );
  row('added p50, to completion (c=1)', one.addedCompletionP50, two.addedCompletionP50, ' ms');
  row('added p99, to completion (c=1)', one.addedCompletionP99, two.addedCompletionP99, ' ms');
  row('added p50, to first token (c=1)', one.addedFirstTokenP50, two.addedFirstTokenP50, ' ms');
  row('added p99, to first token (c=1)', one.addedFirstTokenP99, two.addedFirstTokenP99, ' ms');
  row('turns/s ratio (c=50)', one.throughputRatio, two.throughputRatio, '×');
  row('Renum turns/s (c=50)', embedded.renum.c50.turnsPerSecond, distributed.renum.c50.turnsPerSecond, '', 1);
  const extra = two.addedCompletionP50 - one.addedCompletionP50;
  lines.push(
    '',
    `${distributed.mode} minus one process, added p50 to completion: ${extra.toFixed(2)} ms   goal ≤ ${GOALS.distributedExtraP50Ms} ms ${extra <= GOALS.distributedExtraP50Ms ? 'MET' : 'NOT MET'}`,
  );
  return lines.join('\n');
}

/** A phase without its raw samples, numbers rounded (for the JSON report). */
export function phaseJson(phase: PhaseResult) {
  const summary = (value: PhaseResult['ttft']) =>
    Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, round(entry, 3)]));
  return {
    concurrency: phase.concurrency,
    turns: phase.turns,
    errors: phase.errors,
    error_samples: phase.errorSamples,
    wall_ms: round(phase.wallMs, 1),
    turns_per_second: round(phase.turnsPerSecond, 1),
    ttft_ms: summary(phase.ttft),
    completion_ms: summary(phase.total),
    ...(phase.headers ? { headers_ms: summary(phase.headers) } : {}),
    ...(phase.firstEvent ? { first_event_ms: summary(phase.firstEvent) } : {}),
    cpu_ms_per_turn: Object.fromEntries(
      Object.entries(phase.cpu).map(([name, value]) => [name, round(value, 3)]),
    ),
  };
}

/** The JSON report of one mode. */
export function databaseJson(results: DatabaseResults) {
  const derived = derive(results);
  const goal = (entry: { value: number; goal: string; met: boolean }) => ({
    value: round(entry.value, 3),
    goal: entry.goal,
    met: entry.met,
  });
  return {
    mode: results.mode,
    direct: { c1: phaseJson(results.direct.c1), c50: phaseJson(results.direct.c50) },
    renum: { c1: phaseJson(results.renum.c1), c50: phaseJson(results.renum.c50) },
    goals: {
      added_completion_p50_ms: goal(derived.goals.addedP50),
      added_completion_p99_ms: goal(derived.goals.addedP99),
      added_first_token_p50_ms: goal(derived.goals.addedFirstTokenP50),
      added_first_token_p99_ms: goal(derived.goals.addedFirstTokenP99),
      turns_per_second_ratio_c50: goal(derived.goals.throughputRatio),
    },
    ...(results.roundTrips ? { postgres_round_trips: roundTripsJson(results.roundTrips) } : {}),
  };
}

function roundTripCountsJson(counts: RoundTripCounts) {
  return {
    per_turn: round(counts.perTurn, 2),
    transactions_per_turn: round(counts.transactionsPerTurn, 2),
    db_wait_ms_per_turn: round(counts.dbWaitMsPerTurn, 3),
    by_kind: Object.fromEntries(
      counts.byKind.map((entry) => [
        entry.kind,
        { per_turn: round(entry.perTurn, 2), ms_per_turn: round(entry.msPerTurn, 3) },
      ]),
    ),
  };
}

function roundTripsJson(trips: RoundTripReport) {
  return {
    turns: trips.turns,
    ...roundTripCountsJson(trips),
    completion_p50_ms_with_proxy: round(trips.completionP50Ms, 3),
    idle_round_trips_per_second: round(trips.idlePerSecond, 2),
    ...(trips.processes
      ? {
          by_process: Object.fromEntries(
            trips.processes.map((share) => [share.name, roundTripCountsJson(share)]),
          ),
        }
      : {}),
  };
}
