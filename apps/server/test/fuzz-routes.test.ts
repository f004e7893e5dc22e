import type { Readable } from 'node:stream';
import { errorStatus } from '@renum/contracts';
import { testDatabaseTargets } from '@renum/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createFuzzWorld } from './fuzz/fuzz-world.ts';
import { encodeComponent, nastyString } from './fuzz/nasty-values.ts';
import {
  type FuzzRequest,
  type FuzzRoute,
  type FuzzWorld,
  requestArbitrary,
  routesOf,
} from './fuzz/route-requests.ts';
import { createTestApp } from './test-app.ts';

// Property-based fuzzing of every route of the OpenAPI description (issue 18, ADR 0013): whatever the
// path, query, body, content type or sender, the server never answers 5xx, and every error is
// `{ error: string, code: UPPER_SNAKE }` with a code of the error table and that code's status. The budget
// is the test's own variables (not the product's configuration): `npm test` runs a few requests a route,
// `npm run fuzz` many more. A failure prints the file's seed and the path that replay it:
// RENUM_FUZZ_SEED=<seed> RENUM_FUZZ_PATH=<path> npm run fuzz -- -t '<route>$'.
function integerVariable(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

function seedVariable(name: string): number {
  const text = process.env[name];
  if (text === undefined) return Math.floor(Math.random() * 2 ** 31);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer`);
  return value;
}

const budget = {
  runsPerRoute: integerVariable('RENUM_FUZZ_RUNS', 12),
  /** Generation and shrinking time per route; past it the route stops with what it found. */
  msPerRoute: integerVariable('RENUM_FUZZ_MS_PER_ROUTE', 8_000),
  /** One seed for the file (random unless given); each route's seed derives from it and the route's name. */
  seed: seedVariable('RENUM_FUZZ_SEED'),
  path: process.env.RENUM_FUZZ_PATH,
  /** Prints, per route, how many answers had each status and code: what the generated requests reached. */
  verbose: process.env.RENUM_FUZZ_VERBOSE === '1',
};

const answers = new Map<string, number>();
function count(key: string) {
  answers.set(key, (answers.get(key) ?? 0) + 1);
}

const errorCodePattern = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

function clip(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends one request and throws unless the answer is below 500 and, when an error, has the error shape. */
async function expectCleanAnswer(
  app: Awaited<ReturnType<typeof createTestApp>>['app'],
  request: FuzzRequest,
) {
  const response = await app.inject({
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
    payloadAsStream: true,
  });
  const status = response.statusCode;
  const stream = response.stream();
  if (String(response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
    // A stream (SSE) answers with its status and headers only; the events are not read.
    stream.resume();
    if (budget.verbose) count(`${status} event-stream`);
    if (status !== 200) throw new Error(`event stream answered ${status}`);
    return;
  }
  const body = await readAll(stream);
  if (status >= 500) throw new Error(`answered ${status}: ${clip(body)}`);
  if (status < 400 || request.method === 'HEAD') {
    if (budget.verbose) count(String(status));
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error(`answered ${status} with a body that is not JSON: ${clip(body)}`);
  }
  const shape = parsed as { error?: unknown; code?: unknown };
  if (budget.verbose) count(`${status} ${String(shape.code)}`);
  if (
    typeof shape.error !== 'string' ||
    typeof shape.code !== 'string' ||
    !errorCodePattern.test(shape.code)
  ) {
    throw new Error(`answered ${status} without the error shape: ${clip(body)}`);
  }
  // One table maps codes to statuses (packages/contracts/src/errors.ts); the framework's own codes are not in it.
  const tableStatus = (errorStatus as Record<string, number>)[shape.code];
  if (tableStatus !== status) {
    throw new Error(
      tableStatus === undefined
        ? `answered ${status} with ${shape.code}, a code missing from the API's error table: ${clip(body)}`
        : `answered ${status} with ${shape.code}, which the error table maps to ${tableStatus}: ${clip(body)}`,
    );
  }
}

/** The route's seed: the file's seed mixed with the route's name (FNV-1a), so one number replays any route. */
function routeSeed(name: string): number {
  let hash = budget.seed ^ 0x811c9dc5;
  for (const character of name) hash = Math.imul(hash ^ character.charCodeAt(0), 0x01000193);
  return hash | 0;
}

async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>) {
  answers.clear();
  const details = await fc.check(fc.asyncProperty(arbitrary, check), {
    numRuns: budget.runsPerRoute,
    seed: routeSeed(name),
    ...(budget.path === undefined ? {} : { path: budget.path }),
    plugins: [fc.interruptAfterTimeLimit(budget.msPerRoute)],
  });
  if (budget.verbose) {
    const summary = [...answers].map(([key, times]) => `${key} x${times}`).join(', ');
    console.log(`${name} (seed ${budget.seed}, ${details.numRuns} runs): ${summary}`);
  }
  if (details.failed) {
    const testName = `${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    const replay = `RENUM_FUZZ_SEED=${budget.seed} RENUM_FUZZ_PATH=${details.counterexamplePath} npm run fuzz -- -t '${testName}'`;
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance;
    throw new Error(`${fc.defaultReportMessage(details)}\n\nGot: ${String(cause)}\n\nReplay: ${replay}`);
  }
}

/** Order: reads, then writes, then deletions (children first), then what can lock the owner out. */
function routeOrder(route: FuzzRoute): number {
  const last = ['PATCH /v1/members/{user_id}', 'DELETE /v1/members/{user_id}', 'POST /v1/auth/logout'];
  const lastIndex = last.indexOf(`${route.method} ${route.path}`);
  if (lastIndex >= 0) return 10_000 + lastIndex;
  const method = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].indexOf(route.method);
  return method * 1000 + (route.method === 'DELETE' ? 100 - route.path.length : 0);
}

const t = await createTestApp(testDatabaseTargets()[0]!);
await t.app.ready();
const document = t.app.swagger() as Parameters<typeof routesOf>[0] & Parameters<typeof createFuzzWorld>[1];
const routes = routesOf(document).sort((left, right) => routeOrder(left) - routeOrder(right));
const timeoutMs = budget.msPerRoute * 2 + 10_000;

describe('fuzzing every route of the OpenAPI description: never 5xx, always the error shape', () => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await createFuzzWorld(t, document);
  });
  afterAll(async () => t.close());

  it('the description lists the routes', () => {
    if (routes.length < 40) throw new Error(`only ${routes.length} routes in the OpenAPI description`);
  });

  for (const route of routes) {
    const name = `${route.method} ${route.path}`;
    it(
      name,
      async () => {
        await fuzz(name, requestArbitrary(route, world), (request) => expectCleanAnswer(t.app, request));
        await t.manager.drain();
      },
      timeoutMs,
    );
  }

  it(
    'unknown routes and methods',
    async () => {
      const unknown = fc.record({
        method: fc.constantFrom<FuzzRequest['method']>(
          'GET',
          'POST',
          'PUT',
          'PATCH',
          'DELETE',
          'OPTIONS',
          'HEAD',
        ),
        url: fc
          .array(fc.oneof(fc.constantFrom('v1', 'v2', 'agents', 'admin', '..', '%00', ''), nastyString), {
            minLength: 1,
            maxLength: 4,
          })
          .map((segments) => `/${segments.map(encodeComponent).join('/')}`),
      });
      await fuzz('unknown routes and methods', unknown, (request) =>
        expectCleanAnswer(t.app, {
          ...request,
          headers: world.senders.owner,
          [fc.toStringMethod]: () => `${request.method} ${request.url.slice(0, 300)}`,
        }),
      );
    },
    timeoutMs,
  );
});
