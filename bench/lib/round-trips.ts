// Round trips to Postgres per chat turn, counted by a pg wire proxy in front of each process.
import { performance } from 'node:perf_hooks';
import { type Deployment, type StartedDeployment, startDeployment } from './deployment.ts';
import { type PgWireMeter, type StatementStats, startPgWireMeter } from './postgres.ts';
import { createAgent, openConversations, renumTurn, setUpTenant, TURN_MESSAGE } from './renum-client.ts';
import type { RoundTripCounts, RoundTripReport } from './report.ts';
import { summarize } from './stats.ts';

/** Re-runs a few c=1 turns on Postgres through a counting proxy per process: round trips and DB wait per turn. */
export async function countRoundTrips(
  options: { fakeUrl: string; logLevel: string; turns: number },
  databaseUrl: string,
  deployment: Deployment,
): Promise<RoundTripReport> {
  const meters = new Map<string, PgWireMeter>();
  const meterFor = (role: string) => {
    const meter = meters.get(role);
    if (!meter) throw new Error(`no meter for ${role}`);
    return meter.url;
  };
  for (const role of deployment.kind === 'one-process' ? ['server'] : ['api', 'worker'])
    meters.set(role, await startPgWireMeter(databaseUrl));
  const agent = createAgent(4);
  let server: StartedDeployment | null = null;
  try {
    server = await startDeployment({
      deployment,
      database: { kind: 'postgres', url: databaseUrl },
      fakeUrl: options.fakeUrl,
      logLevel: options.logLevel,
      databaseUrlFor: meterFor,
    });
    const { url } = server;
    const tenant = await setUpTenant(agent, url);
    const warmup = 10;
    const ids = await openConversations(agent, url, tenant, warmup + options.turns);
    const turn = (conversationId: string) =>
      renumTurn({ agent, baseUrl: url, token: tenant.token, conversationId, content: TURN_MESSAGE });
    for (const id of ids.slice(0, warmup)) await turn(id);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let background writes of the warm-up land
    // What the deployment does on its own (polls, relay passes), over two seconds: it is subtracted below.
    for (const meter of meters.values()) meter.reset();
    const idleMs = 2000;
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    const idle = new Map([...meters].map(([role, meter]) => [role, meter.snapshot()]));
    for (const meter of meters.values()) meter.reset();
    const started = performance.now();
    const totals: number[] = [];
    for (const id of ids.slice(warmup)) totals.push((await turn(id)).total);
    await new Promise((resolve) => setTimeout(resolve, 200)); // include writes that follow the complete event
    const idleShare = (performance.now() - started) / idleMs;
    const turns = options.turns;
    const measured = new Map(
      [...meters].map(([role, meter]) => [role, withoutIdle(meter.snapshot(), idle.get(role), idleShare)]),
    );
    const shares = [...measured].map(([name, stats]) => ({ name, ...tally(stats, turns) }));
    const all = new Map<string, StatementStats>();
    for (const stats of measured.values()) {
      for (const [kind, entry] of stats) {
        const sum = all.get(kind) ?? { count: 0, totalMs: 0 };
        sum.count += entry.count;
        sum.totalMs += entry.totalMs;
        all.set(kind, sum);
      }
    }
    const idleTrips = [...idle.values()].reduce((sum, stats) => sum + tally(stats, 1).perTurn, 0);
    return {
      turns,
      ...tally(all, turns),
      completionP50Ms: summarize(totals).p50,
      idlePerSecond: idleTrips / (idleMs / 1000),
      ...(shares.length > 1 ? { processes: shares } : {}),
    };
  } finally {
    agent.destroy();
    await server?.stop();
    for (const meter of meters.values()) await meter.close();
  }
}

/** `stats` less what the idle deployment did in `idleShare` times the idle interval (never below 0). */
function withoutIdle(
  stats: Map<string, StatementStats>,
  idle: Map<string, StatementStats> | undefined,
  idleShare: number,
): Map<string, StatementStats> {
  const result = new Map<string, StatementStats>();
  for (const [kind, entry] of stats) {
    const background = idle?.get(kind);
    const count = Math.max(0, entry.count - (background?.count ?? 0) * idleShare);
    const totalMs = Math.max(0, entry.totalMs - (background?.totalMs ?? 0) * idleShare);
    if (count > 0) result.set(kind, { count, totalMs });
  }
  return result;
}

/** Round trips per turn from a meter's counts (a transaction is a `commit` or a `rollback`). */
function tally(stats: Map<string, StatementStats>, turns: number): RoundTripCounts {
  let trips = 0;
  let waitMs = 0;
  for (const entry of stats.values()) {
    trips += entry.count;
    waitMs += entry.totalMs;
  }
  return {
    perTurn: trips / turns,
    transactionsPerTurn: ((stats.get('commit')?.count ?? 0) + (stats.get('rollback')?.count ?? 0)) / turns,
    dbWaitMsPerTurn: waitMs / turns,
    byKind: [...stats]
      .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
      .map(([kind, entry]) => ({ kind, perTurn: entry.count / turns, msPerTurn: entry.totalMs / turns })),
  };
}
