import { readdirSync, readFileSync } from 'node:fs';

/** CPU time used so far (ms), by process and for the whole machine; Linux /proc only. */
export interface CpuSnapshot {
  /** This process (the load generator and the direct AI SDK calls). */
  bench: number;
  /** Watched processes by name: CPU ms (user + system) of each pid. */
  processes: Record<string, Map<number, number>>;
  /** Busy time of every CPU of the machine (user, nice, system, irq, softirq; not idle, iowait, steal). */
  machine: number;
  /** Interrupt time (irq + softirq, where loopback networking is processed), not charged to processes. */
  irq: number;
}

/** CPU ms per turn of a phase, by process; `irq` is interrupt time, `other` the rest (unrelated load). */
export type CpuPerTurn = Record<string, number>;

/**
 * Processes to account by name: fixed pids, or every process whose command line contains a text
 * (e.g. the Postgres backends of one database, whose title names it), found anew at each snapshot.
 */
export type WatchedProcesses = Record<string, readonly number[] | { cmdlineIncludes: string }>;

const ticksPerSecond = 100; // USER_HZ on Linux

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at index 2 of the split.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return Number.NaN;
  }
}

function pidsWithCmdline(text: string): number[] {
  const pids: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // the process is gone
    }
  }
  return pids;
}

function machineTicks(): { busy: number; irq: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { busy: user + nice + system + irq + softirq, irq: irq + softirq };
  } catch {
    return { busy: Number.NaN, irq: Number.NaN };
  }
}

/** Reads the CPU counters of this process, the watched processes and the machine. */
export function cpuSnapshot(watched: WatchedProcesses): CpuSnapshot {
  const usage = process.cpuUsage();
  const toMs = (ticks: number) => (ticks * 1000) / ticksPerSecond;
  const processes: Record<string, Map<number, number>> = {};
  for (const [name, spec] of Object.entries(watched)) {
    const pids = 'cmdlineIncludes' in spec ? pidsWithCmdline(spec.cmdlineIncludes) : spec;
    const times = new Map<number, number>();
    for (const pid of pids) {
      const ticks = processTicks(pid);
      if (Number.isFinite(ticks)) times.set(pid, toMs(ticks));
    }
    processes[name] = times;
  }
  const machine = machineTicks();
  return {
    bench: (usage.user + usage.system) / 1000,
    processes,
    machine: toMs(machine.busy),
    irq: toMs(machine.irq),
  };
}

/**
 * CPU ms per turn between two snapshots. A process that started in between counts from zero; one
 * that ended in between is lost (its share lands in `other`).
 */
export function cpuPerTurn(before: CpuSnapshot, after: CpuSnapshot, turns: number): CpuPerTurn {
  if (turns <= 0) return {};
  const result: CpuPerTurn = { bench: (after.bench - before.bench) / turns };
  let accounted = after.bench - before.bench;
  for (const [name, times] of Object.entries(after.processes)) {
    let used = 0;
    for (const [pid, ms] of times) used += Math.max(0, ms - (before.processes[name]?.get(pid) ?? 0));
    result[name] = used / turns;
    accounted += used;
  }
  const irq = after.irq - before.irq;
  result.irq = irq / turns;
  accounted += irq;
  const machine = after.machine - before.machine;
  result.other = Math.max(0, machine - accounted) / turns;
  result.machine = machine / turns;
  return result;
}

/** Share (0..1) of all CPUs busy over `ms` milliseconds: how loaded the machine is before a run. */
export async function machineBusyShare(ms = 1000): Promise<number> {
  const before = machineTicks();
  const beforeTotal = totalTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const busy = machineTicks().busy - before.busy;
  const total = totalTicks() - beforeTotal;
  return total > 0 ? busy / total : Number.NaN;
}

function totalTicks(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    return line
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number)
      .reduce((sum, value) => sum + value, 0);
  } catch {
    return Number.NaN;
  }
}
