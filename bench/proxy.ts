/**
 * The tool-proxy part of `npm run bench` (issue 4): the same fake Tavily, in its own process, called
 * directly with undici and through Renum's tool proxy in this process, side by side in one run.
 *
 * Through the proxy means `proxy.call` with the `web_search` tool as the server wires it
 * (`createToolDeps`) and as a run executing in this process calls it (its record held by the run's
 * event writer and stored with the `tool_result` event, ADR 0075): a real credential stored encrypted through the credentials use-case and resolved
 * from the database on every call (vault, audit of its use), input validation, the egress guard with the
 * loopback allowlist, the resilience policies (timeout, retries, breaker, bulkhead), the result cache
 * (every query is new, so it is consulted and filled but never answers) and metering into the ledger.
 * The direct call is one undici `request` with the key, reading and parsing the JSON answer, its result
 * emitted as a `tool_result` event of another run (each side pays for its run's events). A third
 * side, at c=1 only, calls outside a run (the MCP server's path), whose record is stored before it answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { mergePhases, type PhaseResult, runPhase, type TurnTiming } from './lib/load.ts';
import { createBenchDatabase } from './lib/postgres.ts';
import {
  BENCH_TAVILY_KEY,
  type FakeService,
  type ProxyBenchSetup,
  setUpProxy,
  startFakeTavilyProcess,
} from './lib/proxy-setup.ts';
import { round } from './lib/stats.ts';

/** Goals of issue 4 ("Performance (benchmark)"). */
export const PROXY_GOALS = { addedP50Ms: 1, addedP99Ms: 3, throughputRatio: 0.6 } as const;

/** Calls per phase. */
export interface ProxyBenchSizes {
  warmup: number;
  c1: number;
  c50: number;
}

/** Results for one database. */
export interface ProxyBenchResults {
  database: 'pglite' | 'postgres';
  label: string;
  direct: { c1: PhaseResult; c50: PhaseResult };
  proxy: { c1: PhaseResult; c50: PhaseResult };
  /** Calls outside a run (stored before answering), at c=1: not a goal of issue 4, shown beside it. */
  outside: { c1: PhaseResult };
  /** Ledger rows written for the proxied calls once the run was over (metering kept up when equal). */
  metered: { calls: number; rows: number };
}

const C50 = 50;
const log = (line: string) => process.stderr.write(`[bench proxy] ${line}\n`);

function directCaller(tavilyUrl: string, setup: ProxyBenchSetup) {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
  return {
    close: () => dispatcher.close(),
    async call(query: string): Promise<TurnTiming> {
      const started = performance.now();
      const response = await request(`${tavilyUrl}/search`, {
        dispatcher,
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_TAVILY_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          query,
          max_results: 5,
          search_depth: 'basic',
          topic: 'general',
          include_answer: true,
        }),
      });
      const body = (await response.body.json()) as { results?: unknown[] };
      if (response.statusCode !== 200 || !Array.isArray(body.results)) {
        throw new Error(`direct call answered ${response.statusCode}`);
      }
      setup.emitDirectResult(body);
      const total = performance.now() - started;
      return { ttft: total, total };
    },
  };
}

function proxyCaller(setup: ProxyBenchSetup, where: 'run' | 'outside') {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async call(query: string): Promise<TurnTiming> {
      const started = performance.now();
      calls += 1;
      const outcome =
        where === 'run'
          ? await setup.callInRun(query)
          : await setup.proxy.call({ ...setup.scope, tool: setup.tool, input: { query } });
      if (!outcome.ok) throw new Error(`proxy call failed: ${outcome.errorCode}: ${outcome.result}`);
      if (outcome.cached) throw new Error('the cache answered a query that should be new');
      const total = performance.now() - started;
      return { ttft: total, total };
    },
  };
}

async function measure(
  setup: ProxyBenchSetup,
  fake: FakeService,
  sizes: ProxyBenchSizes,
  database: ProxyBenchResults['database'],
) {
  const direct = directCaller(fake.url, setup);
  const proxied = proxyCaller(setup, 'run');
  const outside = proxyCaller(setup, 'outside');
  const callers = { direct, proxy: proxied, outside };
  const watch = { fake: [fake.pid] };
  let sequence = 0;
  // Every query is new, on both sides, so the proxy's cache never answers.
  const query = (side: string) => `${side} bench query ${sequence++}`;
  const phase = (side: keyof typeof callers, calls: number, concurrency: number) =>
    runPhase({ turns: calls, concurrency, watch, turn: () => callers[side].call(query(side)) });
  try {
    log(`${database}: warming up (${sizes.warmup} calls each at c=${C50}, then 50 at c=1)`);
    for (const side of ['direct', 'proxy', 'outside'] as const) {
      const warm = await phase(side, sizes.warmup, C50);
      const warmC1 = await phase(side, 50, 1);
      if (warm.errors + warmC1.errors > 0) {
        throw new Error(
          `${side} warm-up failed: ${[...warm.errorSamples, ...warmC1.errorSamples].join(' | ')}`,
        );
      }
    }
    log(`${database}: c=1, ${sizes.c1} calls each, in alternating blocks of ${Math.ceil(sizes.c1 / 4)}`);
    const directBlocks: PhaseResult[] = [];
    const proxyBlocks: PhaseResult[] = [];
    const outsideBlocks: PhaseResult[] = [];
    for (let block = 0; block < 4; block++) {
      const calls = Math.ceil(sizes.c1 / 4);
      directBlocks.push(await phase('direct', calls, 1));
      proxyBlocks.push(await phase('proxy', calls, 1));
      outsideBlocks.push(await phase('outside', calls, 1));
    }
    log(`${database}: c=${C50}, ${sizes.c50} calls each`);
    const directC50 = await phase('direct', sizes.c50, C50);
    const proxyC50 = await phase('proxy', sizes.c50, C50);
    return {
      direct: { c1: mergePhases(directBlocks), c50: directC50 },
      proxy: { c1: mergePhases(proxyBlocks), c50: proxyC50 },
      outside: { c1: mergePhases(outsideBlocks) },
      calls: proxied.calls + outside.calls,
    };
  } finally {
    await direct.close();
  }
}

/** Waits until the ledger holds a row per proxied call (metering is written off the hot path). */
async function waitForMetering(setup: ProxyBenchSetup, calls: number): Promise<number> {
  let rows = 0;
  for (let attempt = 0; attempt < 100; attempt++) {
    rows = await setup.meteredCalls();
    if (rows >= calls) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return rows;
}

/** Runs the proxy benchmark on one database; null when Postgres is unreachable. */
async function runDatabase(
  fake: FakeService,
  kind: ProxyBenchResults['database'],
  sizes: ProxyBenchSizes,
): Promise<ProxyBenchResults | null> {
  let database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  let cleanup: () => Promise<void>;
  let label: string;
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(os.tmpdir(), 'renum-bench-proxy-'));
    database = { kind: 'pglite', dataDir };
    cleanup = async () => rmSync(dataDir, { recursive: true, force: true });
    label = 'PGlite (embedded, in the bench process with the proxy)';
  } else {
    const created = await createBenchDatabase();
    if ('unavailable' in created) {
      console.log(`\n== Tool proxy on Postgres: SKIPPED ==\n${created.unavailable}\n`);
      return null;
    }
    database = { kind: 'postgres', url: created.url };
    cleanup = () => created.drop();
    label = `Postgres (${created.name} on 127.0.0.1:5432, pool of 10)`;
  }
  try {
    const setup = await setUpProxy({ database, tavilyUrl: fake.url });
    try {
      const measured = await measure(setup, fake, sizes, kind);
      const rows = await waitForMetering(setup, measured.calls);
      return {
        database: kind,
        label,
        direct: measured.direct,
        proxy: measured.proxy,
        outside: measured.outside,
        metered: { calls: measured.calls, rows },
      };
    } finally {
      await setup.close();
    }
  } finally {
    await cleanup();
  }
}

/** Added latency at c=1 and the throughput ratio at c=50, judged against {@link PROXY_GOALS}. */
export function deriveProxy(results: ProxyBenchResults) {
  const { direct, proxy } = results;
  const addedP50 = proxy.c1.total.p50 - direct.c1.total.p50;
  const addedP99 = proxy.c1.total.p99 - direct.c1.total.p99;
  const ratio = proxy.c50.turnsPerSecond / direct.c50.turnsPerSecond;
  return {
    addedP50: {
      value: round(addedP50, 3),
      goal: `≤ ${PROXY_GOALS.addedP50Ms} ms`,
      met: addedP50 <= PROXY_GOALS.addedP50Ms,
    },
    addedP99: {
      value: round(addedP99, 3),
      goal: `≤ ${PROXY_GOALS.addedP99Ms} ms`,
      met: addedP99 <= PROXY_GOALS.addedP99Ms,
    },
    throughputRatio: {
      value: round(ratio, 3),
      goal: `≥ ${PROXY_GOALS.throughputRatio}×`,
      met: ratio >= PROXY_GOALS.throughputRatio,
    },
  };
}

/** A table of one database's figures. */
export function formatProxyTable(results: ProxyBenchResults): string {
  const { direct, proxy } = results;
  const goals = deriveProxy(results);
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const row = (cells: string[]) =>
    `| ${cells.map((cell, index) => (index === 0 ? cell.padEnd(34) : cell.padStart(12))).join(' | ')} |`;
  const cpu = (phase: PhaseResult, name: string) => `${(phase.cpu[name] ?? Number.NaN).toFixed(3)} ms`;
  return [
    `== Tool proxy: ${results.label} ==`,
    row(['', 'direct', 'proxy', 'added']),
    ...(['p50', 'p90', 'p99'] as const).map((quantile) =>
      row([
        `c=1 ${quantile}`,
        ms(direct.c1.total[quantile]),
        ms(proxy.c1.total[quantile]),
        ms(proxy.c1.total[quantile] - direct.c1.total[quantile]),
      ]),
    ),
    row([
      'c=50 calls/s',
      direct.c50.turnsPerSecond.toFixed(0),
      proxy.c50.turnsPerSecond.toFixed(0),
      `${goals.throughputRatio.value}×`,
    ]),
    row([
      'c=1 p50, outside a run (stored first)',
      ms(direct.c1.total.p50),
      ms(results.outside.c1.total.p50),
      ms(results.outside.c1.total.p50 - direct.c1.total.p50),
    ]),
    row(['c=50 p50', ms(direct.c50.total.p50), ms(proxy.c50.total.p50), '']),
    row(['c=50 p99', ms(direct.c50.total.p99), ms(proxy.c50.total.p99), '']),
    row(['CPU per call at c=50, bench process', cpu(direct.c50, 'bench'), cpu(proxy.c50, 'bench'), '']),
    row(['CPU per call at c=50, fake Tavily', cpu(direct.c50, 'fake'), cpu(proxy.c50, 'fake'), '']),
    `errors: direct ${direct.c1.errors + direct.c50.errors}, proxy ${proxy.c1.errors + proxy.c50.errors}${
      proxy.c1.errorSamples.length + proxy.c50.errorSamples.length > 0
        ? ` (${[...proxy.c1.errorSamples, ...proxy.c50.errorSamples].slice(0, 3).join(' | ')})`
        : ''
    }; metering: ${results.metered.rows} ledger rows for ${results.metered.calls} proxied calls`,
    `goals: added p50 ${goals.addedP50.value} ms (${goals.addedP50.goal}, ${goals.addedP50.met ? 'met' : 'NOT met'}), ` +
      `added p99 ${goals.addedP99.value} ms (${goals.addedP99.goal}, ${goals.addedP99.met ? 'met' : 'NOT met'}), ` +
      `throughput ${goals.throughputRatio.value}× (${goals.throughputRatio.goal}, ${goals.throughputRatio.met ? 'met' : 'NOT met'})`,
  ].join('\n');
}

function phaseSummary(phase: PhaseResult) {
  return {
    calls: phase.turns,
    errors: phase.errors,
    calls_per_second: round(phase.turnsPerSecond, 1),
    latency_ms: {
      p50: round(phase.total.p50, 3),
      p90: round(phase.total.p90, 3),
      p99: round(phase.total.p99, 3),
      max: round(phase.total.max, 3),
    },
    cpu_ms_per_call: Object.fromEntries(
      Object.entries(phase.cpu).map(([name, value]) => [name, round(value, 3)]),
    ),
  };
}

/** JSON of one database's figures, for the report file. */
export function proxyJson(results: ProxyBenchResults) {
  return {
    label: results.label,
    goals: deriveProxy(results),
    direct: { c1: phaseSummary(results.direct.c1), c50: phaseSummary(results.direct.c50) },
    proxy: { c1: phaseSummary(results.proxy.c1), c50: phaseSummary(results.proxy.c50) },
    outside_run: { c1: phaseSummary(results.outside.c1) },
    metered: results.metered,
  };
}

/**
 * Runs the tool-proxy benchmark on the given databases, printing a table each; returns the JSON
 * section of the report.
 */
export async function runProxyBench(options: {
  quick: boolean;
  databases: readonly ProxyBenchResults['database'][];
}): Promise<Record<string, ReturnType<typeof proxyJson>>> {
  const sizes: ProxyBenchSizes = options.quick
    ? { warmup: 300, c1: 400, c50: 2000 }
    : { warmup: 1000, c1: 2000, c50: 10_000 };
  const fake = await startFakeTavilyProcess();
  log(`fake Tavily at ${fake.url} (pid ${fake.pid})`);
  console.log(
    `\nTool-proxy benchmark: web_search against the fake Tavily (own process, zero latency); ` +
      `warm-up ${sizes.warmup} at c=${C50} + 50 at c=1, then ${sizes.c1} at c=1 (alternating blocks) and ${sizes.c50} at c=${C50}, per side`,
  );
  const out: Record<string, ReturnType<typeof proxyJson>> = {};
  try {
    for (const kind of options.databases) {
      const results = await runDatabase(fake, kind, sizes);
      if (!results) continue;
      console.log(`\n${formatProxyTable(results)}\n`);
      out[kind] = proxyJson(results);
    }
  } finally {
    await fake.stop();
  }
  return out;
}
