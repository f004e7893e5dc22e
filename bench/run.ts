/**
 * `npm run bench`: the cost of a chat turn through Renum against the same model called directly.
 *
 * Starts a fake OpenAI model with zero think time in its own process, then for each mode starts the real
 * server (`apps/server/src/main.ts`) in its own process(es) and measures, in the same run, a turn through
 * Renum (HTTP in, auth, routing, prompt assembly, persistence, SSE out) against the same model called with
 * the AI SDK: p50/p99 to first token and to completion at concurrency 1 and turns per second at
 * concurrency 50. The modes: `pglite` and `postgres`, one process each (the embedded job queue and
 * event bus), `redis`: one process of role `all` with `REDIS_URL` (BullMQ, the Redis bus and shared state,
 * as each process of a scaled deployment of `all` processes runs), and `distributed` (issue 9): an `api`
 * and a `worker` process on Postgres and Redis
 * (`REDIS_URL`, a fresh `RENUM_REDIS_PREFIX` removed afterwards), the client talking to the api process.
 * Prints a table per mode, the one-process and distributed Postgres modes side by side, and writes
 * bench/results/latest.json.
 *
 * Options: --quick (fewer turns), --only pglite|postgres|redis|distributed (a comma list; `postgres` includes
 * `redis` and `distributed`), --skip-distributed (both Redis modes), --log-level <level> (servers; default warn), --cpu-prof (profile
 * the servers and summarise where their time goes; figures are then not comparable), --no-round-trips
 * (skip the Postgres round-trip count), --out <file> (JSON report; default bench/results/latest.json, or
 * profiled.json with --cpu-prof).
 *
 * Then the tool-proxy benchmark (bench/proxy.ts, issue 4): the fake Tavily called directly and through the
 * tool proxy, on the same databases. --skip-proxy leaves it out; --proxy-only runs nothing else (report in
 * bench/results/proxy-only.json unless --out says otherwise).
 *
 * Then the teams benchmark (bench/teams.ts, issue 14) on Postgres: the engine's overhead per step and
 * executions per second at concurrency 20. --skip-teams leaves it out; --teams-only runs nothing else
 * (report in bench/results/teams-only.json unless --out says otherwise).
 *
 * Then the WebSocket benchmark (bench/ws.ts, issue 11) beside a bare `ws` server: memory per idle
 * connection (10,000), p50/p99 delivery at 1,000 frames/s, saturated delivery rate. --skip-ws leaves it
 * out; --ws-only runs nothing else (report in bench/results/ws-only.json unless --out says otherwise).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineBusyShare, type WatchedProcesses } from './lib/cpu.ts';
import { profilesIn, summarizeCpuProfile } from './lib/cpu-profile.ts';
import { type Deployment, type StartedDeployment, startDeployment } from './lib/deployment.ts';
import { directModel, directTurn } from './lib/direct.ts';
import { mergePhases, type PhaseResult, runPhase } from './lib/load.ts';
import { createBenchDatabase } from './lib/postgres.ts';
import { type FakeModel, repoRoot, type ServerDatabase, startFakeModel } from './lib/processes.ts';
import { createBenchRedis } from './lib/redis.ts';
import { createAgent, openConversations, renumTurn, setUpTenant, TURN_MESSAGE } from './lib/renum-client.ts';
import {
  type BenchMode,
  type DatabaseResults,
  databaseJson,
  derive,
  formatComparison,
  formatTable,
} from './lib/report.ts';
import { countRoundTrips } from './lib/round-trips.ts';
import { runProxyBench } from './proxy.ts';
import { formatTeamsBench, runTeamsBench, TEAM_GOALS } from './teams.ts';
import { formatWsBench, runWsBench } from './ws.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    'cpu-prof': { type: 'boolean', default: false },
    'no-round-trips': { type: 'boolean', default: false },
    out: { type: 'string' },
    'skip-proxy': { type: 'boolean', default: false },
    'proxy-only': { type: 'boolean', default: false },
    'skip-teams': { type: 'boolean', default: false },
    'teams-only': { type: 'boolean', default: false },
    'skip-ws': { type: 'boolean', default: false },
    'ws-only': { type: 'boolean', default: false },
    'skip-distributed': { type: 'boolean', default: false },
  },
});

const allModes: readonly BenchMode[] = ['pglite', 'postgres', 'redis', 'distributed'];
/** The modes `--only` and `--skip-distributed` leave (in this order). */
function selectedModes(): BenchMode[] {
  const named = args.only?.split(',').map((name) => name.trim()) ?? [...allModes];
  const unknown = named.filter((name) => !(allModes as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`--only: unknown mode ${unknown.join(', ')} (${allModes.join(', ')})`);
  if (named.includes('postgres')) named.push('redis', 'distributed');
  return allModes.filter(
    (mode) =>
      named.includes(mode) && !((mode === 'distributed' || mode === 'redis') && args['skip-distributed']),
  );
}

const sizes = args.quick
  ? { warmup: 60, c1: 60, c50: 300, roundTripTurns: 10 }
  : { warmup: 150, c1: 500, c50: 2000, roundTripTurns: 30 };
/** Upper bound of one c=50 phase: dispatch stops after this, whatever the count reached. */
const maxPhaseMs = 30_000;
const C50 = 50;
const resultsDir = join(repoRoot, 'bench', 'results');
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Context {
  fake: FakeModel;
  direct: ReturnType<typeof directModel>;
}

/** Times the direct call and Renum at c=1 in alternating blocks, then each at c=50. */
async function measure(
  context: Context,
  server: StartedDeployment,
  database: BenchMode,
  /** Name of the Postgres database, whose backends' CPU is accounted as "postgres". */
  postgresName: string | null,
) {
  const renumAgent = createAgent(C50);
  try {
    const tenant = await setUpTenant(renumAgent, server.url);
    const conversationsNeeded = sizes.warmup + 20 + sizes.c1 + sizes.c50;
    log(`${database}: opening ${conversationsNeeded} conversations (untimed)`);
    const conversations = await openConversations(renumAgent, server.url, tenant, conversationsNeeded);
    let used = 0;
    const take = (count: number) => {
      const slice = conversations.slice(used, used + count);
      used += count;
      return slice;
    };
    const watch: WatchedProcesses = { fake: [context.fake.pid] };
    for (const [role, child] of server.processes) watch[role] = [child.pid];
    // Postgres backends carry the database's name in their process title.
    if (postgresName) watch.postgres = { cmdlineIncludes: ` ${postgresName} ` };
    // The machine's Redis (shared: other work on it is counted too).
    if (database === 'distributed' || database === 'redis') watch.redis = { cmdlineIncludes: 'redis-server' };
    const renumPhase = async (turns: number, concurrency: number) => {
      const ids = take(turns);
      return runPhase({
        turns,
        concurrency,
        maxMs: maxPhaseMs,
        watch,
        turn: (index) =>
          renumTurn({
            agent: renumAgent,
            baseUrl: server.url,
            token: tenant.token,
            conversationId: ids[index]!,
            content: TURN_MESSAGE,
          }),
      });
    };
    const directPhase = (turns: number, concurrency: number) =>
      runPhase({
        turns,
        concurrency,
        maxMs: maxPhaseMs,
        watch,
        turn: () =>
          directTurn({
            model: context.direct.model,
            system: tenant.answeringSystemPrompt,
            content: TURN_MESSAGE,
          }),
      });

    // The warm-up runs at c=50 so that all 50 keep-alive connections exist before anything is timed
    // (under load the server is slow to take up new connections; see docs/PERFORMANCE.md).
    log(`${database}: warming up (${sizes.warmup} turns each at c=${C50}, then 20 at c=1)`);
    await directPhase(sizes.warmup, C50);
    await directPhase(20, 1);
    const warm = await renumPhase(sizes.warmup, C50);
    const warmC1 = await renumPhase(20, 1);
    if (warm.errors + warmC1.errors > 0)
      throw new Error(`warm-up turns failed: ${[...warm.errorSamples, ...warmC1.errorSamples].join(' | ')}`);

    log(`${database}: c=1, ${sizes.c1} turns each, in alternating blocks`);
    const half = Math.floor(sizes.c1 / 2);
    const directBlocks: PhaseResult[] = [];
    const renumBlocks: PhaseResult[] = [];
    for (const turns of [half, sizes.c1 - half]) {
      directBlocks.push(await directPhase(turns, 1));
      renumBlocks.push(await renumPhase(turns, 1));
    }
    log(`${database}: c=${C50}, ${sizes.c50} turns each`);
    const directC50 = await directPhase(sizes.c50, C50);
    const renumC50 = await renumPhase(sizes.c50, C50);
    return {
      direct: { c1: mergePhases(directBlocks), c50: directC50 },
      renum: { c1: mergePhases(renumBlocks), c50: renumC50 },
    };
  } finally {
    renumAgent.destroy();
  }
}

async function runMode(context: Context, mode: BenchMode): Promise<DatabaseResults | null> {
  let database: ServerDatabase;
  const cleanups: (() => Promise<void>)[] = [];
  let label: string;
  let postgresName: string | null = null;
  let deployment: Deployment = { kind: 'one-process' };
  try {
    if (mode === 'pglite') {
      const dataDir = mkdtempSync(join(os.tmpdir(), 'renum-bench-'));
      database = { kind: 'pglite', dataDir };
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      label = 'PGlite (embedded, in the server process)';
    } else {
      const created = await createBenchDatabase();
      if ('unavailable' in created) {
        console.log(`\n== ${mode}: SKIPPED ==\n${created.unavailable}; this mode was not measured.\n`);
        return null;
      }
      database = { kind: 'postgres', url: created.url };
      cleanups.push(() => created.drop());
      postgresName = created.name;
      label = `Postgres (${created.name} on 127.0.0.1:5432, pool of 10), one process`;
      if (mode === 'distributed' || mode === 'redis') {
        const redis = await createBenchRedis();
        if ('unavailable' in redis) {
          console.log(`\n== ${mode}: SKIPPED ==\n${redis.unavailable}; this mode was not measured.\n`);
          return null;
        }
        cleanups.push(async () => {
          const keys = await redis.clean();
          log(`${mode}: removed ${keys} Redis keys under ${redis.prefix}:`);
        });
        const shared = { redisUrl: redis.url, redisPrefix: redis.prefix };
        deployment =
          mode === 'redis' ? { kind: 'one-process', redis: shared } : { kind: 'distributed', ...shared };
        label =
          mode === 'redis'
            ? `Postgres (${created.name}, pool of 10) + Redis (prefix ${redis.prefix}), one process of role all`
            : `Postgres (${created.name}, pool of 10 a process) + Redis (prefix ${redis.prefix}), api + worker processes`;
      }
    }
    return await measureMode(context, { mode, label, database, deployment, postgresName });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

async function measureMode(
  context: Context,
  setup: {
    mode: BenchMode;
    label: string;
    database: ServerDatabase;
    deployment: Deployment;
    postgresName: string | null;
  },
): Promise<DatabaseResults> {
  const { mode, database, deployment } = setup;
  const profileDir = join(os.tmpdir(), 'renum-bench-profiles', mode);
  if (args['cpu-prof']) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  log(`${mode}: starting the server${deployment.kind === 'distributed' ? 's (api, worker)' : ''}`);
  const server = await startDeployment({
    deployment,
    database,
    fakeUrl: context.fake.url,
    logLevel: args['log-level'],
    nodeFlagsFor: () => (args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  });
  const roles = new Map([...server.processes].map(([role, child]) => [child.pid, role]));
  let measured: Awaited<ReturnType<typeof measure>>;
  try {
    measured = await measure(context, server, mode, setup.postgresName);
  } finally {
    await server.stop();
  }
  const results: DatabaseResults = { mode, label: setup.label, ...measured };
  if (args['cpu-prof']) {
    printProfiles(mode, 'c=1', profileDir, measured.renum.c1.windows, roles);
    printProfiles(mode, `c=${C50}`, profileDir, measured.renum.c50.windows, roles);
  }
  if (database.kind === 'postgres' && !args['no-round-trips'] && !args['cpu-prof']) {
    log(`${mode}: counting round trips per turn through a proxy`);
    results.roundTrips = await countRoundTrips(
      { fakeUrl: context.fake.url, logLevel: args['log-level'], turns: sizes.roundTripTurns },
      database.url,
      deployment,
    );
  }
  return results;
}

function printProfiles(
  mode: string,
  phase: string,
  dir: string,
  windows: readonly { startUs: number; endUs: number }[],
  /** Role of each process by pid (profile files are named after the pid). */
  roles: ReadonlyMap<number, string>,
): void {
  for (const file of profilesIn(dir)) {
    const summary = summarizeCpuProfile(file, windows, 12);
    const scope = summary.windowed ? `Renum turns at ${phase} only` : 'whole process (windows not found)';
    const pid = Number(file.match(/\.(\d+)\.\d+\.\d+\.cpuprofile$/)?.[1]);
    console.log(
      `\n== CPU profile of the ${mode} ${roles.get(pid) ?? 'server'} process, ${scope}: ${file} ==`,
    );
    console.log(
      `busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms; self time by area:`,
    );
    for (const entry of summary.areas) {
      console.log(
        `  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(7)} ms  ${entry.name}`,
      );
    }
    console.log('top functions (self time):');
    for (const entry of summary.functions) {
      console.log(`  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
    }
  }
}

/** The commit measured (with `+dirty` when the working tree has changes), or 'unknown'. */
function gitCommit(): string {
  const run = (args: string[]) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
  const head = run(['rev-parse', '--short', 'HEAD']);
  if (head.status !== 0) return 'unknown';
  const dirty = run(['status', '--porcelain', '--untracked-files=no']).stdout.trim() !== '';
  return `${head.stdout.trim()}${dirty ? '+dirty' : ''}`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const busy = await machineBusyShare(2000);
  const machine = {
    cpus: os.availableParallelism(),
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    memory_gib: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    load_average_at_start: os
      .loadavg()
      .map((value) => Math.round(value * 100) / 100)
      .join(' '),
    /** Share of all CPUs busy during the 2 s before the run (other work on the machine). */
    busy_before_start: `${Math.round(busy * 100)}%`,
  };
  log(
    `machine: ${machine.cpus} CPUs (${machine.cpu_model}), ${machine.memory_gib} GiB, Node ${machine.node}; ${machine.busy_before_start} busy before the start`,
  );
  if (busy > 0.25) {
    log('warning: the machine is busy with other work; figures will be worse than on an idle machine');
  }
  const fake = await startFakeModel();
  try {
    const direct = directModel(fake.url);
    const api = direct.provider === 'openai.responses' ? 'OpenAI Responses API' : direct.provider;
    log(`fake model at ${fake.url} (pid ${fake.pid}); both sides call openai/gpt-4o-mini via ${api}`);
    console.log(
      [
        `Renum chat-turn benchmark, ${new Date().toISOString()}`,
        `machine: ${machine.cpus} CPUs (${machine.cpu_model}), ${machine.memory_gib} GiB, Node ${machine.node}, ${machine.busy_before_start} busy before the start (load ${machine.load_average_at_start})`,
        `model: fake OpenAI (zero think time, own process); Renum and the direct AI SDK call both use openai/gpt-4o-mini via the ${api}`,
        `turns: warm-up ${sizes.warmup} at c=${C50} + 20 at c=1, then ${sizes.c1} at c=1 (alternating blocks) and ${sizes.c50} at c=${C50} (at most ${maxPhaseMs / 1000} s per phase); server LOG_LEVEL=${args['log-level']}`,
      ].join('\n'),
    );
    const context: Context = { fake, direct };
    const modes = selectedModes();
    const all: DatabaseResults[] = [];
    const only = args['proxy-only'] || args['teams-only'] || args['ws-only'];
    for (const mode of only ? [] : modes) {
      const results = await runMode(context, mode);
      if (!results) continue;
      all.push(results);
      console.log(`\n${formatTable(results)}\n`);
    }
    const onePostgres = all.find((results) => results.mode === 'postgres');
    const distributed = all.find((results) => results.mode === 'distributed');
    if (onePostgres && distributed) console.log(`\n${formatComparison(onePostgres, distributed)}\n`);
    const withRedis = all.find((results) => results.mode === 'redis');
    if (onePostgres && withRedis) {
      console.log(
        `\n${formatComparison(onePostgres, withRedis, 'one process of role all on Redis (BullMQ, Redis bus)')}\n`,
      );
    }
    const databases = (['pglite', 'postgres'] as const).filter((kind) => modes.includes(kind));
    const proxy =
      args['skip-proxy'] || args['teams-only'] || args['ws-only']
        ? {}
        : await runProxyBench({ quick: args.quick, databases });
    const teams =
      args['skip-teams'] || args['proxy-only'] || args['ws-only']
        ? null
        : await runTeamsBench({ quick: args.quick });
    if (teams)
      console.log(
        `\n${'skipped' in teams ? `Teams: skipped (${teams.skipped})` : formatTeamsBench(teams)}\n`,
      );
    const ws =
      args['skip-ws'] || args['proxy-only'] || args['teams-only']
        ? null
        : await runWsBench({ quick: args.quick });
    if (ws) console.log(`\n${formatWsBench(ws)}\n`);
    const report = {
      generated_at: new Date().toISOString(),
      commit: gitCommit(),
      duration_s: Math.round((Date.now() - started) / 100) / 10,
      machine,
      model_api: api,
      message: TURN_MESSAGE,
      sizes: { ...sizes, c50_concurrency: C50, max_phase_ms: maxPhaseMs },
      server_log_level: args['log-level'],
      cpu_profiled: args['cpu-prof'],
      results: Object.fromEntries(all.map((results) => [results.mode, databaseJson(results)])),
      proxy,
      teams,
      ws,
    };
    const file =
      args.out ??
      join(
        resultsDir,
        args['cpu-prof']
          ? 'profiled.json'
          : args['proxy-only']
            ? 'proxy-only.json'
            : args['teams-only']
              ? 'teams-only.json'
              : args['ws-only']
                ? 'ws-only.json'
                : 'latest.json',
      );
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    const verdicts = all.map((results) => {
      const { goals } = derive(results);
      const met = Object.values(goals).filter((goal) => goal.met).length;
      return `${results.mode}: ${met}/${Object.keys(goals).length} goals met`;
    });
    for (const [database, results] of Object.entries(proxy)) {
      const met = Object.values(results.goals).filter((goal) => goal.met).length;
      verdicts.push(`tool proxy on ${database}: ${met}/${Object.keys(results.goals).length} goals met`);
    }
    if (teams && !('skipped' in teams))
      verdicts.push(
        `teams: overhead per step ${teams.overheadPerStepMs <= TEAM_GOALS.overheadPerStepMs ? 'met' : 'not met'}`,
      );
    console.log(`${verdicts.join('; ')}. Results in ${file} (${report.duration_s} s).`);
  } finally {
    await fake.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
