/**
 * The WebSocket benchmark (issue 11), side by side with a bare `ws` server doing the same fan-out:
 * - memory per idle connection: the server's resident memory before and after `idle` authenticated
 *   connections (Renum: `GET /ws?token=`, each answered `connected`);
 * - delivery latency at 1,000 frames per second: one publisher sends 100 `typing` frames per second, fanned
 *   out to 10 subscribers of the same client (the publisher's own copies are not counted); p50/p99 from
 *   send to receipt, matched by order;
 * - delivery rate at saturation: the publisher sends 2,000 frames at once, and the rate is the frames the
 *   10 subscribers received per second until the last one had all of them.
 * Goals: at most 50 KB per idle connection, p99 at most 50 ms at 1,000 frames/s, at least half the bare
 * server's saturated delivery rate.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { createBenchDatabase } from './lib/postgres.ts';
import { type Child, startChild, startRenumServer, waitForOutput } from './lib/processes.ts';
import { createAgent, requestJson, setUpTenant } from './lib/renum-client.ts';
import { type LatencySummary, summarize } from './lib/stats.ts';

/** What the issue asks of `/ws`. */
export const WS_GOALS = { kbPerIdleConnection: 50, p99Ms: 50, shareOfBareRate: 0.5 };

/** One server's figures. */
export interface WsServerResult {
  idleConnections: number;
  /** The server's resident memory before and after the idle connections opened. */
  residentKb: { before: number; after: number };
  kbPerIdleConnection: number;
  latency: LatencySummary;
  deliveredPerSecondAtRate: number;
  saturatedDeliveriesPerSecond: number;
}

/** Both servers' figures. */
export interface WsBenchResult {
  renum: WsServerResult;
  bare: WsServerResult;
}

const subscribers = 10;
const framesPerSecond = 100;

/** Runs both sides; `quick` opens 2,000 idle connections instead of 10,000 and measures for less time. */
export async function runWsBench(options: { quick: boolean }): Promise<WsBenchResult> {
  const idle = options.quick ? 2000 : 10_000;
  const seconds = options.quick ? 3 : 6;
  const bare = await measureBare(idle, seconds);
  const renum = await measureRenum(idle, seconds);
  return { renum, bare };
}

/** The bench's table. */
export function formatWsBench(result: WsBenchResult): string {
  const row = (name: string, pick: (side: WsServerResult) => string) =>
    `| ${name.padEnd(44)} | ${pick(result.renum).padStart(10)} | ${pick(result.bare).padStart(10)} |`;
  const share = result.renum.saturatedDeliveriesPerSecond / result.bare.saturatedDeliveriesPerSecond;
  return [
    `WebSocket: ${result.renum.idleConnections} idle connections; ${subscribers} subscribers x ${framesPerSecond} frames/s`,
    `| ${'measure'.padEnd(44)} | ${'Renum'.padStart(10)} | ${'bare ws'.padStart(10)} |`,
    `| ${'-'.repeat(44)} | ${'-'.repeat(10)} | ${'-'.repeat(10)} |`,
    row('resident memory, no connections (MB)', (side) => (side.residentKb.before / 1024).toFixed(1)),
    row('resident memory, idle connections (MB)', (side) => (side.residentKb.after / 1024).toFixed(1)),
    row('memory per idle connection (KB)', (side) => side.kbPerIdleConnection.toFixed(1)),
    row('delivered frames/s (paced)', (side) => side.deliveredPerSecondAtRate.toFixed(0)),
    row('latency p50 (ms)', (side) => side.latency.p50.toFixed(2)),
    row('latency p99 (ms)', (side) => side.latency.p99.toFixed(2)),
    row('saturated delivery (frames/s)', (side) => side.saturatedDeliveriesPerSecond.toFixed(0)),
    `Goals: <= ${WS_GOALS.kbPerIdleConnection} KB per idle connection (${result.renum.kbPerIdleConnection <= WS_GOALS.kbPerIdleConnection ? 'met' : 'not met'}), p99 <= ${WS_GOALS.p99Ms} ms (${result.renum.latency.p99 <= WS_GOALS.p99Ms ? 'met' : 'not met'}), >= half the bare rate (${(share * 100).toFixed(0)}%: ${share >= WS_GOALS.shareOfBareRate ? 'met' : 'not met'})`,
  ].join('\n');
}

async function measureBare(idle: number, seconds: number): Promise<WsServerResult> {
  const child = startChild(['bench/lib/bare-ws-server.ts'], { ...process.env });
  try {
    const port = (await waitForOutput(child, /listening (\d+)/, 'bare ws server', 30_000))[1];
    const url = `ws://127.0.0.1:${port}`;
    return await measure({
      child,
      idleUrl: `${url}/idle`,
      fanUrl: `${url}/fan`,
      frame: JSON.stringify({ type: 'typing' }),
      idle,
      seconds,
    });
  } finally {
    await child.stop();
  }
}

async function measureRenum(idle: number, seconds: number): Promise<WsServerResult> {
  // Postgres when it is there: PGlite's WebAssembly heap makes the server's resident memory too noisy to
  // see a few MB of connections in.
  const postgres = await createBenchDatabase();
  const dataDir = mkdtempSync(join(os.tmpdir(), 'renum-bench-ws-'));
  const server = await startRenumServer({
    database:
      'unavailable' in postgres ? { kind: 'pglite', dataDir } : { kind: 'postgres', url: postgres.url },
    fakeUrl: 'http://127.0.0.1:9',
    logLevel: 'warn',
    env: { RENUM_WS_FRAMES_PER_WINDOW: '1000000' },
    name: 'Renum (WebSocket bench)',
  });
  const agent = createAgent(8);
  try {
    const idleTenant = await setUpTenant(agent, server.url);
    const fanTenant = await setUpTenant(agent, server.url);
    const conversation = await requestJson({
      agent,
      baseUrl: server.url,
      method: 'POST',
      path: `/v1/agents/${fanTenant.agentId}/conversations`,
      token: fanTenant.token,
      body: {},
    });
    const conversationId = (conversation.body as { id: string }).id;
    const wsBase = server.url.replace(/^http/, 'ws');
    return await measure({
      child: server,
      idleUrl: `${wsBase}/ws?token=${idleTenant.token}`,
      fanUrl: `${wsBase}/ws?token=${fanTenant.token}`,
      frame: JSON.stringify({ type: 'typing', conversation_id: conversationId, is_typing: true }),
      idle,
      seconds,
      ready: 'connected',
    });
  } finally {
    agent.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (!('unavailable' in postgres)) await postgres.drop();
  }
}

async function measure(options: {
  child: Child;
  idleUrl: string;
  fanUrl: string;
  frame: string;
  idle: number;
  seconds: number;
  /** A frame type the server sends once a connection is usable (Renum: `connected`). */
  ready?: string;
}): Promise<WsServerResult> {
  const before = await settledResidentKb(options.child.pid);
  const idleSockets: WebSocket[] = [];
  for (let start = 0; start < options.idle; start += 250) {
    const batch = Array.from({ length: Math.min(250, options.idle - start) }, () =>
      openSocket(options.idleUrl, options.ready),
    );
    idleSockets.push(...(await Promise.all(batch)));
  }
  const after = await settledResidentKb(options.child.pid);

  const publisher = await openSocket(options.fanUrl, options.ready);
  const receivers = await Promise.all(
    Array.from({ length: subscribers }, () => openSocket(options.fanUrl, options.ready)),
  );
  await sleep(300);
  const paced = await pacedRun(publisher, receivers, options.frame, options.seconds);
  const saturated = await saturatedRun(publisher, receivers, options.frame, 2000);
  for (const socket of [publisher, ...receivers, ...idleSockets]) socket.terminate();
  return {
    idleConnections: options.idle,
    residentKb: { before, after },
    kbPerIdleConnection: (after - before) / options.idle,
    latency: paced.latency,
    deliveredPerSecondAtRate: paced.delivered / options.seconds,
    saturatedDeliveriesPerSecond: saturated,
  };
}

/** Sends `framesPerSecond` frames for `seconds`, and times each one's arrival at every receiver. */
async function pacedRun(publisher: WebSocket, receivers: WebSocket[], frame: string, seconds: number) {
  const sentAt: number[] = [];
  const latencies: number[] = [];
  let delivered = 0;
  const counters = receivers.map(() => 0);
  const listeners = receivers.map((socket, index) => {
    const listener = () => {
      const at = sentAt[counters[index]!];
      counters[index]!++;
      if (at === undefined) return;
      latencies.push(performance.now() - at);
      delivered++;
    };
    socket.on('message', listener);
    return listener;
  });
  const total = framesPerSecond * seconds;
  const started = performance.now();
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / framesPerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sentAt.push(performance.now());
    publisher.send(frame);
  }
  const deadline = performance.now() + 5000;
  while (delivered < total * receivers.length && performance.now() < deadline) await sleep(20);
  for (const [index, socket] of receivers.entries()) socket.off('message', listeners[index]!);
  return { latency: summarize(latencies), delivered };
}

/** Sends `count` frames at once; frames received by all receivers per second until the last arrived. */
async function saturatedRun(publisher: WebSocket, receivers: WebSocket[], frame: string, count: number) {
  let received = 0;
  const expected = count * receivers.length;
  let finished = 0;
  const done = new Promise<void>((resolve) => {
    const listener = () => {
      received++;
      if (received === expected) {
        finished = performance.now();
        resolve();
      }
    };
    for (const socket of receivers) socket.on('message', listener);
  });
  const started = performance.now();
  for (let index = 0; index < count; index++) publisher.send(frame);
  await Promise.race([done, sleep(30_000)]);
  const elapsed = (finished || performance.now()) - started;
  return (received / elapsed) * 1000;
}

function openSocket(url: string, ready?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('error', reject);
    if (!ready) {
      socket.once('open', () => resolve(socket));
      return;
    }
    const onMessage = (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { type: string }).type !== ready) return;
      socket.off('message', onMessage);
      resolve(socket);
    };
    socket.on('message', onMessage);
  });
}

/** The lowest of ten samples of the resident set size over two seconds (garbage collection makes it move). */
async function settledResidentKb(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < 10; index++) {
    await sleep(200);
    samples.push(residentKb(pid));
  }
  return Math.min(...samples);
}

/** A process's resident set size in KB (Linux). */
function residentKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? Number.NaN);
}

// Run alone: `node bench/ws.ts [--quick]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  runWsBench({ quick: process.argv.includes('--quick') }).then(
    (result) => console.log(formatWsBench(result)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
