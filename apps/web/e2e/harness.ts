import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnvironment } from '@renum/config';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverMain = join(repositoryRoot, 'apps/server/src/main.ts');

/** Where the browser tests write their screenshots (ignored by git). */
export const screenshotDir = join(repositoryRoot, '.screenshots');

/** The widths pages are checked at: every main page at a phone's and a desktop's, the builder's also at a tablet's. */
export const viewports = {
  phone: { width: 390, height: 844 },
  // Where the sidebar first shows, beside cards about as narrow as a phone's.
  tablet: { width: 768, height: 1024 },
  desktop: { width: 1280, height: 800 },
} as const;
export type ViewportName = keyof typeof viewports;

/** A login the server's demo seed created. */
export interface DemoLogin {
  email: string;
  password: string;
}

/** The real server, started as `npm start` starts it, on an empty embedded database. */
export interface E2eServer {
  url: string;
  dataDir: string;
  /** The demo client's owner, as printed at start. */
  demo: DemoLogin;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `apps/server/src/main.ts` on a random loopback port, with PGlite in a temporary directory,
 * the offline model (no provider keys) and the built web app; resolves when it logs "listening".
 */
export async function startServer(env: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'renum-e2e-'));
  // The migrated database of the global set-up: this server only seeds the demo (its own vault key too).
  cpSync(join(inject('e2eDataTemplate'), 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [serverMain], {
    cwd: repositoryRoot,
    env: childProcessEnvironment({
      RENUM_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    // Boot opens a migrated PGlite and seeds the demo: seconds on a quiet machine, a minute on a loaded one.
    const timer = setTimeout(() => {
      // Not left running: an orphaned server would load the machine for every test after this one.
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${output}`));
    }, 170_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/"url":"(http:\/\/[^"]+)","msg":"listening"/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const demo = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')).owner as DemoLogin;
  // A server that dies under a test says why: the tests after it would only see refused connections.
  child.once('exit', (code, signal) => {
    console.error(
      `[server] ${url} exited unexpectedly (code ${code}, signal ${signal}); it printed last:\n${output.slice(-6000)}`,
    );
  });
  return {
    url,
    dataDir,
    demo,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.removeAllListeners('exit');
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium, headless, with nothing that reaches beyond this machine. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A fresh browser profile (no stored session) at a viewport, in a language and colour scheme. */
export async function openPage(
  browser: Browser,
  server: E2eServer,
  options: { viewport?: ViewportName; locale?: string; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page; viewport: ViewportName }> {
  const viewport = options.viewport ?? 'desktop';
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: viewports[viewport],
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    ...(viewport === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  // Page errors fail loudly in the test output instead of passing unseen.
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  return { context, page, viewport };
}

/** The server and browser a browser-test suite runs against, set up by {@link e2eSuite}. */
export interface E2eSuite {
  readonly server: E2eServer;
  readonly browser: Browser;
  /** A fresh page on the suite's server: {@link openPage} with the suite's browser. */
  openPage(options?: Parameters<typeof openPage>[2]): ReturnType<typeof openPage>;
}

/**
 * Starts a server (with `env`) and a browser before the enclosing suite's tests and closes both after
 * them. The fields are set in `beforeAll`: read them in hooks and tests, not at collection time.
 */
export function e2eSuite(env: Record<string, string> = {}): E2eSuite {
  const started: { server?: E2eServer; browser?: Browser } = {};
  const get = <Key extends keyof typeof started>(key: Key): NonNullable<(typeof started)[Key]> => {
    const value = started[key];
    if (!value) throw new Error(`the suite's ${key} is not started yet (read it inside a hook or test)`);
    return value;
  };
  beforeAll(async () => {
    [started.server, started.browser] = await Promise.all([startServer(env), launchBrowser()]);
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.server?.stop();
  });
  return {
    get server() {
      return get('server');
    },
    get browser() {
      return get('browser');
    },
    openPage: (options) => openPage(get('browser'), get('server'), options),
  };
}

/** Saves a full-page screenshot as `.screenshots/<name>-<viewport>.png`; answers the path. */
export async function screenshot(page: Page, name: string, viewport: ViewportName): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}-${viewport}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** An email address no other test uses. */
export function uniqueEmail(prefix = 'e2e'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.com`;
}

/** Signs up through the form and waits for the dashboard. */
export async function signUpThroughUi(
  page: Page,
  person: { name: string; company: string; email: string; password: string },
): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Company name').fill(person.company);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** Logs in through the form and waits for the dashboard. */
export async function logInThroughUi(page: Page, login: DemoLogin): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** Calls the API from inside the page with the page's own session (what the SDK stored). */
export async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = JSON.parse(localStorage.getItem('renum.session') ?? '{}') as { accessToken?: string };
      const response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${session.accessToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    { method, path, body },
  ) as Promise<T>;
}
