import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../scripts/web-build.mjs', import.meta.url));

/** Before the browser tests: a fresh build of the web app, and Debian's Chromium. */
export default function setup(): void {
  const result = spawnSync(process.execPath, [script, 'all'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the web app build or the Chromium install failed (see above)');
}
