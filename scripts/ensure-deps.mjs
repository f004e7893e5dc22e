#!/usr/bin/env node
import { spawn, spawnSync } from 'node:child_process';
// Runs under whatever `node` the machine has (Node 20 on a fresh machine): plain JS only.
// Installs what is missing, then hands over to `npm run <script>` in a new process, so the
// script runs with the Node 24 that the `node` devDependency puts in node_modules/.bin.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutEngineWarnings } from './npm-stderr.mjs';
import { ensureChromium, ensureWebBuild } from './web-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stampPath = join(root, 'node_modules', '.renum-install-stamp');

function manifestDigest() {
  const hash = createHash('sha256');
  const files = ['package.json', 'package-lock.json'];
  for (const group of ['apps', 'packages']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) files.push(join(group, name, 'package.json'));
  }
  for (const file of files) {
    const full = join(root, file);
    if (existsSync(full)) hash.update(file).update(readFileSync(full));
  }
  return hash.digest('hex');
}

function ensureInstalled() {
  const digest = manifestDigest();
  const nodeBin = join(root, 'node_modules', '.bin', 'node');
  const current = existsSync(stampPath) ? readFileSync(stampPath, 'utf8') : '';
  if (current === digest && existsSync(nodeBin)) return;
  // `npm install` rather than `npm ci`: it honours the lock file, and unlike `npm ci` it accepts a
  // lock that lacks optional binaries for other platforms (some registries do not serve them).
  console.error('[renum] installing dependencies (npm install)...');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: ['inherit', 'inherit', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stderr.write(withoutEngineWarnings(result.stderr ?? ''));
  if (result.status !== 0) {
    console.error('[renum] dependency installation failed');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampPath, manifestDigest());
}

const [script, ...rest] = process.argv.slice(2);
ensureInstalled();
// The server serves the built web app, and the browser tests drive it in Debian's Chromium.
if (script === 'start:server' || script === 'cluster:run' || script === 'test:all') ensureWebBuild();
if (script === 'test:all') ensureChromium();
if (!script) process.exit(0);
const child = spawn('npm', ['run', '--silent', script, ...(rest.length ? ['--', ...rest] : [])], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
