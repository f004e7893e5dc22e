import { openDatabase, runs, withPlatform } from '@renum/db';
import { eq, inArray, or } from 'drizzle-orm';

/** A run as the watcher sees it. */
interface WatchedRun {
  id: string;
  status: string;
  lease_owner: string | null;
  claims: number;
}

/**
 * Prints which worker holds each running answer and how it ended (`npm run cluster`), so a person can
 * `kill -9` the worker answering and watch another take the answer over. Reads the `runs` table with
 * platform scope every `intervalMs`; a run's `lease_owner` is `<host>:<pid>` of its worker.
 */
export async function watchRuns(options: {
  databaseUrl: string;
  /** The name of the process with this pid (`worker-1`), if it is one of the cluster's. */
  nameOf: (pid: number) => string | undefined;
  print: (line: string) => void;
  onError: (error: unknown) => void;
  /** @defaultValue 300 */
  intervalMs?: number;
}): Promise<{ stop(): Promise<void> }> {
  const handle = await openDatabase({ kind: 'postgres', url: options.databaseUrl, poolSize: 1 });
  const announced = new Set<string>();
  const watching = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const poll = async () => {
    const rows: WatchedRun[] = await withPlatform(handle.db, (tx) =>
      tx
        .select({ id: runs.id, status: runs.status, lease_owner: runs.lease_owner, claims: runs.claims })
        .from(runs)
        .where(
          watching.size > 0
            ? or(eq(runs.status, 'running'), inArray(runs.id, [...watching]))
            : eq(runs.status, 'running'),
        ),
    );
    for (const run of rows) report(run);
  };
  const report = (run: WatchedRun) => {
    const short = run.id.slice(-8);
    if (run.status === 'running' && run.lease_owner) {
      watching.add(run.id);
      const key = `${run.id}:${run.claims}`;
      if (announced.has(key)) return;
      announced.add(key);
      const pid = Number(run.lease_owner.split(':').at(-1));
      const holder = `${options.nameOf(pid) ?? run.lease_owner} (pid ${pid})`;
      options.print(
        run.claims > 1
          ? `run …${short} taken over by ${holder}, claim ${run.claims}`
          : `run …${short} answered by ${holder}`,
      );
    } else if (run.status !== 'running' && run.status !== 'queued' && watching.delete(run.id)) {
      options.print(`run …${short} ${run.status}${run.claims > 1 ? ` after ${run.claims} claims` : ''}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = poll().catch(options.onError).finally(schedule);
    }, options.intervalMs ?? 300);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      await handle.close();
    },
  };
}
