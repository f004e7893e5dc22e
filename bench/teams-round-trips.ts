/**
 * Where a team step's database time goes (issue 14): the platform as `bench/teams.ts` starts it, its
 * Postgres connections through a counting wire proxy (`startPgWireMeter`), a 5-step sequential team on
 * the zero-latency fake model. After a warm-up, prints the round trips per step by statement kind and the
 * process's CPU time per step; `--sequence N` also prints the last N round trips in order (time, duration,
 * connection, kind), `--profile file` writes a CPU profile of the measured executions, and `--no-meter`
 * connects straight to Postgres (CPU figures without the proxy's hop; no counts then).
 *
 * `node bench/teams-round-trips.ts [--executions 10] [--sequence 40] [--profile out.cpuprofile] [--no-meter]`
 * (through npm: `npm exec -- node bench/teams-round-trips.ts …`). Diagnostic: the proxy adds latency.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startPlatform } from '../apps/server/src/boot.ts';
import { createBenchDatabase, startPgWireMeter, type TracedStatement } from './lib/postgres.ts';
import { startFakeModel } from './lib/processes.ts';
import { benchConfig, setUpTeams } from './teams.ts';

const { values: args } = parseArgs({
  options: {
    executions: { type: 'string', default: '10' },
    sequence: { type: 'string', default: '0' },
    profile: { type: 'string' },
    'no-meter': { type: 'boolean', default: false },
  },
});
const steps = 5;
const executions = Number(args.executions);

const database = await createBenchDatabase();
if ('unavailable' in database) throw new Error(database.unavailable);
const trace: TracedStatement[] = [];
let tracing = false;
const meter = await startPgWireMeter(database.url, { trace: (entry) => tracing && trace.push(entry) });
const fake = await startFakeModel();
const url = args['no-meter'] ? database.url : meter.url;
const platform = await startPlatform({ config: benchConfig(url, fake), logger: pino({ level: 'warn' }) });
try {
  const teams = await setUpTeams(platform);
  for (let index = 0; index < 5; index++) await teams.execute(teams.five.id);
  await new Promise((resolve) => setTimeout(resolve, 300)); // the warm-up's background writes
  meter.reset();
  const profiler = args.profile ? await startProfiler() : null;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const postgresBefore = postgresCpuMs();
  tracing = true;
  for (let index = 0; index < executions; index++) await teams.execute(teams.five.id);
  tracing = false;
  const cpu = process.cpuUsage(cpuBefore);
  const postgresMs = postgresCpuMs() - postgresBefore;
  const wallMs = performance.now() - started;
  if (profiler && args.profile) writeFileSync(args.profile, JSON.stringify(await profiler()));
  const perStep = (value: number) => value / executions / steps;
  console.log(
    `${executions} executions of ${steps} steps: ${(wallMs / executions).toFixed(1)} ms each; CPU per step ` +
      `${perStep(cpu.user / 1000).toFixed(2)} ms user, ${perStep(cpu.system / 1000).toFixed(2)} ms system; ` +
      `Postgres' processes ${perStep(postgresMs).toFixed(2)} ms`,
  );
  printCounts(meter.snapshot(), perStep);
  printSequence(trace, Number(args.sequence));
} finally {
  platform.stopSchedules();
  await platform.jobs.stop({ graceMs: 2000 });
  await platform.manager.drain();
  platform.manager.close();
  await platform.handle.close();
  await fake.stop();
  await meter.close();
  await database.drop();
}

/**
 * CPU time (user and system, ms) of every process named `postgres` on this machine, from `/proc` (Linux;
 * 0 elsewhere): the database's side of the steps, which wall time on a shared machine hides.
 */
function postgresCpuMs(): number {
  if (!existsSync('/proc')) return 0;
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended meanwhile: its time is no longer counted on either side
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}

/** Round trips per step by kind, most frequent first, with their mean time to ReadyForQuery. */
function printCounts(
  stats: Map<string, { count: number; totalMs: number }>,
  perStep: (value: number) => number,
) {
  const sorted = [...stats].sort((a, b) => b[1].count - a[1].count);
  const total = sorted.reduce((sum, [, entry]) => sum + entry.count, 0);
  if (total === 0) return;
  console.log(`round trips per step: ${perStep(total).toFixed(1)}`);
  for (const [kind, entry] of sorted)
    console.log(
      `  ${perStep(entry.count).toFixed(2).padStart(5)}  ${(entry.totalMs / entry.count).toFixed(2)} ms  ${kind}`,
    );
}

function printSequence(entries: TracedStatement[], last: number) {
  if (last <= 0 || entries.length === 0) return;
  const shown = entries.slice(-last);
  const origin = shown[0]!.at;
  for (const entry of shown)
    console.log(
      `${(entry.at - origin).toFixed(1).padStart(7)} ms +${entry.ms.toFixed(1).padStart(5)}  c${entry.connection}  ${entry.kind}`,
    );
}

/** Starts V8's sampling profiler in this process; the answer stops it and returns the profile. */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}
