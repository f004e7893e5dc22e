import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** µs on the monotonic clock. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one area or function, in ms and as a share of busy (non-idle) time. */
export interface ProfileEntry {
  name: string;
  ms: number;
  share: number;
}

/** Where a V8 CPU profile spent its time: by area (package) and by function. */
export interface ProfileSummary {
  file: string;
  /** Whether only samples inside the given windows were counted (false: the whole profile). */
  windowed: boolean;
  busyMs: number;
  idleMs: number;
  areas: ProfileEntry[];
  functions: ProfileEntry[];
}

/** Names the area of a frame: a package, a workspace package, a Node subsystem, GC, PGlite's WASM... */
export function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return 'V8/native (program)';
    return `native ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('wasm://')) return 'PGlite (Postgres in WASM)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    if (name?.startsWith('@renum/')) return name;
    return name ?? url;
  }
  const workspace = url.match(/\/(packages|apps)\/([\w-]+)\/src\//);
  if (workspace) return `@renum/${workspace[2]}`;
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/');
    return `node:${parts[0] === 'internal' ? (parts[1] ?? 'internal') : parts[0]}`.replace(/\.js$/, '');
  }
  return url;
}

/**
 * Summarises a `.cpuprofile` written by `node --cpu-prof`, counting only the samples inside `windows`
 * (µs on the monotonic clock, which V8's sample times use too); the whole profile when no sample falls
 * inside them.
 */
export function summarizeCpuProfile(
  file: string,
  windows: readonly { startUs: number; endUs: number }[] = [],
  top = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times: number[] = [];
  let clock = profile.startTime;
  for (const delta of profile.timeDeltas) {
    clock += delta;
    times.push(clock);
  }
  const inWindow = (time: number) => windows.some((window) => time >= window.startUs && time <= window.endUs);
  const windowed = windows.length > 0 && times.some(inWindow);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node || (windowed && !inWindow(times[i]!))) continue;
    const area = areaOf(node.callFrame);
    if (area === '(idle)') {
      idleUs += delta;
      continue;
    }
    busyUs += delta;
    areas.set(area, (areas.get(area) ?? 0) + delta);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|packages|apps)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + delta);
  }
  const entries = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
  return {
    file,
    windowed,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    areas: entries(areas),
    functions: entries(functions),
  };
}

/** The `.cpuprofile` files of a directory. */
export function profilesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.cpuprofile'))
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}
