import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoCredentials } from '@renum/platform';

/** Where the embedded demo keeps its generated logins (mode 0600, inside the git-ignored data dir). */
function credentialsPath(dataDir: string): string {
  return join(dataDir, 'demo-credentials.json');
}

/** The demo logins kept in the data directory, if any. */
export function readDemoCredentials(dataDir: string): DemoCredentials | null {
  try {
    return JSON.parse(readFileSync(credentialsPath(dataDir), 'utf8')) as DemoCredentials;
  } catch {
    return null;
  }
}

/** Fresh demo logins with random passwords: no deployment ever runs on a default password. */
export function generateDemoCredentials(): DemoCredentials {
  return {
    owner: { email: 'demo@renum.local', password: `demo-${randomBytes(6).toString('base64url')}` },
    platformAdmin: { email: 'admin@renum.local', password: `admin-${randomBytes(9).toString('base64url')}` },
  };
}

/** Keeps the demo logins so later starts can print them again. */
export function writeDemoCredentials(dataDir: string, credentials: DemoCredentials): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(credentialsPath(dataDir), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}
