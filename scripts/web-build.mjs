#!/usr/bin/env node
// Builds the web builder (apps/web/dist) when it is missing or older than its sources, and installs
// Debian's Chromium for the browser tests when it is missing. Plain JS: runs under any `node`.
// Used by ensure-deps.mjs (npm start, npm test) and by the browser tests' global set-up.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const distIndex = join(root, 'apps', 'web', 'dist', 'index.html');
const sources = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/sdk/src',
  'packages/contracts/src',
  'package-lock.json',
];

/** Newest modification time under `path` (a file or a folder, recursively). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when apps/web/dist is missing or older than any of its sources. */
export function webBuildIsStale() {
  if (!existsSync(distIndex)) return true;
  const built = statSync(distIndex).mtimeMs;
  return sources.some((source) => newestMtime(join(root, source)) > built);
}

/** Runs `npm run build:web` when the build is stale; exits the process when it fails. */
export function ensureWebBuild() {
  if (!webBuildIsStale()) return;
  console.error('[renum] building the web app (apps/web/dist)...');
  // A production build even when called from a test runner (vitest sets NODE_ENV=test, which would
  // otherwise give React's development build, three times larger).
  const result = spawnSync('npm', ['run', '--silent', 'build:web'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    console.error('[renum] the web app build failed');
    process.exit(result.status ?? 1);
  }
}

/** Path of the browser the end-to-end tests drive. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Installs Debian's Chromium for the browser tests when it is missing (root with apt-get only);
 * otherwise exits with a message saying what to install.
 */
export function ensureChromium() {
  if (existsSync(chromiumPath)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(
      `[renum] the browser tests need Chromium at ${chromiumPath}: install it with "apt-get install -y chromium" (as root), then run npm test again`,
    );
    process.exit(1);
  }
  console.error('[renum] installing Chromium for the browser tests (apt-get install -y chromium)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0) {
    // A fresh machine may have no package lists yet.
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env,
    });
  }
  if (result.status !== 0 || !existsSync(chromiumPath)) {
    console.error('[renum] installing Chromium failed; the browser tests cannot run');
    process.exit(result.status || 1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const what = process.argv[2] ?? 'build';
  if (what === 'build' || what === 'all') ensureWebBuild();
  if (what === 'chromium' || what === 'all') ensureChromium();
}
