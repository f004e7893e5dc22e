import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnvironment } from '@renum/config';
import type { TestProject } from 'vitest/node';

const script = fileURLToPath(new URL('../../../scripts/web-build.mjs', import.meta.url));
const cli = fileURLToPath(new URL('../../server/src/cli.ts', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    /** An embedded data directory already migrated: each browser test's server starts from a copy. */
    e2eDataTemplate: string;
  }
}

/**
 * Before the browser tests: a fresh build of the web app, Debian's Chromium, and one migrated embedded
 * database that every suite's server copies (migrating PGlite from nothing took each server about 10 s).
 */
export default function setup(project: TestProject): () => void {
  const result = spawnSync(process.execPath, [script, 'all'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the web app build or the Chromium install failed (see above)');
  const template = mkdtempSync(join(tmpdir(), 'renum-e2e-template-'));
  const migrated = spawnSync(process.execPath, [cli, 'migrate'], {
    env: childProcessEnvironment({ RENUM_DATA_DIR: template, LOG_LEVEL: 'warn' }),
    encoding: 'utf8',
  });
  if (migrated.status !== 0) {
    rmSync(template, { recursive: true, force: true });
    throw new Error(
      `migrating the browser tests' template database failed:\n${migrated.stdout}${migrated.stderr}`,
    );
  }
  project.provide('e2eDataTemplate', template);
  return () => rmSync(template, { recursive: true, force: true });
}
