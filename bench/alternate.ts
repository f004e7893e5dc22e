/**
 * `node bench/alternate.ts --base <checkout>`: this checkout's one-process server beside another checkout's,
 * both running at once on the same machine, the same fake model and the same Postgres (a database each),
 * measured in short alternating bursts (base, this, this, base, …): on a machine that other work keeps
 * busy, both meet the same load, which separate runs of `npm run bench` do not. Per burst: turns per
 * second at c=50 and the server's CPU per turn; per round also the direct model call at c=50 (for the
 * ratio) and p50/p99 at c=1 for both. Prints each round and the medians; `--out <file>` writes them as JSON.
 *
 * Options: --rounds <n> (default 6), --burst <turns at c=50> (default 150), --c1 <turns at c=1 per round,
 * default 30). The other checkout must have its dependencies installed (`npm install`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { startDeployment as StartDeployment } from './lib/deployment.ts';
import { directModel, directTurn } from './lib/direct.ts';
import { type PhaseResult, runPhase } from './lib/load.ts';
import { createBenchDatabase } from './lib/postgres.ts';
import { repoRoot, startFakeModel } from './lib/processes.ts';
import { createAgent, openConversations, renumTurn, setUpTenant, TURN_MESSAGE } from './lib/renum-client.ts';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    rounds: { type: 'string', default: '6' },
    burst: { type: 'string', default: '150' },
    c1: { type: 'string', default: '30' },
    out: { type: 'string' },
  },
});
if (!args.base) throw new Error('--base <checkout> is required');
const rounds = Number(args.rounds);
const burst = Number(args.burst);
const c1Turns = Number(args.c1);
const log = (line: string) => process.stderr.write(`[alternate] ${line}\n`);

interface Side {
  name: 'base' | 'this';
  url: string;
  pid: number;
  token: string;
  system: string;
  conversations: string[];
  used: number;
  stop(): Promise<void>;
  dropDatabase(): Promise<void>;
}

const fake = await startFakeModel();
const direct = directModel(fake.url);
const agent = createAgent(50);
const sides: Side[] = [];
try {
  for (const [name, root] of [
    ['base', resolve(args.base)],
    ['this', repoRoot],
  ] as const) {
    // Each checkout's own bench library starts its own server (`apps/server/src/main.ts` of that checkout).
    const { startDeployment } = (await import(join(root, 'bench/lib/deployment.ts'))) as {
      startDeployment: typeof StartDeployment;
    };
    const database = await createBenchDatabase();
    if ('unavailable' in database) throw new Error(database.unavailable);
    const server = await startDeployment({
      deployment: { kind: 'one-process' },
      database: { kind: 'postgres', url: database.url },
      fakeUrl: fake.url,
      logLevel: 'warn',
    });
    const tenant = await setUpTenant(agent, server.url);
    const needed = 80 + rounds * (2 * burst + 2 * c1Turns);
    log(`${name}: ${root}, opening ${needed} conversations`);
    sides.push({
      name,
      url: server.url,
      pid: server.processes.get('server')!.pid,
      token: tenant.token,
      system: tenant.answeringSystemPrompt,
      conversations: await openConversations(agent, server.url, tenant, needed),
      used: 0,
      stop: () => server.stop(),
      dropDatabase: () => database.drop(),
    });
  }
  const phase = async (side: Side, turns: number, concurrency: number) => {
    const ids = side.conversations.slice(side.used, side.used + turns);
    side.used += turns;
    const before = systemCalls(side.pid);
    const result = await runPhase({
      turns,
      concurrency,
      watch: { server: [side.pid] },
      turn: (index) =>
        renumTurn({
          agent,
          baseUrl: side.url,
          token: side.token,
          conversationId: ids[index]!,
          content: TURN_MESSAGE,
        }),
    });
    const after = systemCalls(side.pid);
    return {
      ...result,
      writes: (after.writes - before.writes) / result.turns,
      reads: (after.reads - before.reads) / result.turns,
    };
  };
  const directPhase = (turns: number) =>
    runPhase({
      turns,
      concurrency: 50,
      turn: () => directTurn({ model: direct.model, system: sides[0]!.system, content: TURN_MESSAGE }),
    });
  log('warming up (60 turns at c=50 and 20 at c=1 each, 60 direct)');
  await directPhase(60);
  for (const side of sides) {
    await phase(side, 60, 50);
    await phase(side, 20, 1);
  }
  const results: Array<Record<string, number | string>> = [];
  for (let round = 0; round < rounds; round++) {
    // base, this, this, base, then the other way round: neither always follows the direct call.
    const order = round % 2 === 0 ? [0, 1, 1, 0] : [1, 0, 0, 1];
    const load = os.loadavg()[0]!.toFixed(2);
    const directBurst = await directPhase(burst);
    const bursts: Record<string, Array<PhaseResult & { writes: number; reads: number }>> = {
      base: [],
      this: [],
    };
    for (const index of order) bursts[sides[index]!.name]!.push(await phase(sides[index]!, burst / 2, 50));
    const latency: Record<string, PhaseResult> = {};
    for (const index of order.slice(0, 2))
      latency[sides[index]!.name] = await phase(sides[index]!, c1Turns, 1);
    const row: Record<string, number | string> = {
      round: round + 1,
      load,
      direct: directBurst.turnsPerSecond,
    };
    for (const name of ['base', 'this'] as const) {
      const [first, second] = bursts[name]!;
      const turns = first!.turns + second!.turns;
      row[`${name}_tps`] = turns / ((first!.wallMs + second!.wallMs) / 1000);
      row[`${name}_cpu_ms`] =
        ((first!.cpu.server ?? 0) * first!.turns + (second!.cpu.server ?? 0) * second!.turns) / turns;
      row[`${name}_errors`] = first!.errors + second!.errors;
      row[`${name}_write_calls`] = (first!.writes * first!.turns + second!.writes * second!.turns) / turns;
      row[`${name}_read_calls`] = (first!.reads * first!.turns + second!.reads * second!.turns) / turns;
      row[`${name}_p50`] = latency[name]!.total.p50;
      row[`${name}_p99`] = latency[name]!.total.p99;
    }
    results.push(row);
    log(
      `round ${round + 1} (load ${load}): turns/s base ${(row.base_tps as number).toFixed(1)}, this ${(row.this_tps as number).toFixed(1)} (direct ${directBurst.turnsPerSecond.toFixed(1)}); server CPU ms a turn base ${(row.base_cpu_ms as number).toFixed(2)}, this ${(row.this_cpu_ms as number).toFixed(2)}; write calls a turn base ${(row.base_write_calls as number).toFixed(1)}, this ${(row.this_write_calls as number).toFixed(1)}; p50 c=1 base ${(row.base_p50 as number).toFixed(2)}, this ${(row.this_p50 as number).toFixed(2)}`,
    );
  }
  const median = (key: string) => {
    const values = results.map((row) => row[key] as number).sort((a, b) => a - b);
    const middle = Math.floor(values.length / 2);
    return values.length % 2 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2;
  };
  const summary = Object.fromEntries(
    [
      'direct',
      'base_tps',
      'this_tps',
      'base_cpu_ms',
      'this_cpu_ms',
      'base_write_calls',
      'this_write_calls',
      'base_read_calls',
      'this_read_calls',
      'base_p50',
      'this_p50',
      'base_p99',
      'this_p99',
    ]
      .map((key) => [key, median(key)])
      .concat([
        [
          'this_faster_rounds',
          results.filter((row) => (row.this_tps as number) > (row.base_tps as number)).length,
        ],
      ]),
  );
  console.log(JSON.stringify({ base: resolve(args.base), rounds, burst, c1: c1Turns, summary }, null, 2));
  if (args.out) writeFileSync(args.out, JSON.stringify({ summary, results }, null, 2));
} finally {
  for (const side of sides) {
    await side.stop();
    await side.dropDatabase();
  }
  agent.destroy();
  await fake.stop();
}

/**
 * The process's read and write system calls so far (`/proc/<pid>/io`: `syscr`, `syscw`): a count the machine's
 * other load does not change, unlike CPU time. Each Postgres statement and each socket write of a response is one.
 */
function systemCalls(pid: number): { reads: number; writes: number } {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  const field = (name: string) => Number(io.match(new RegExp(`^${name}: (\\d+)$`, 'm'))?.[1] ?? Number.NaN);
  return { reads: field('syscr'), writes: field('syscw') };
}
