import { parseArgs } from 'node:util';
import { FAKE_NAMES, type GenericFakeOptions, isFakeName, startFakeByName } from './registry.ts';
import type { FakeServer } from './types.ts';

/** Usage text of the CLI. */
export const SERVE_USAGE = `Usage: node packages/testing/src/fakes/serve.ts <${FAKE_NAMES.join('|')}> [options]
  --port <n>            port on 127.0.0.1 (default 0 = random)
  --api-key <key>       require this API key / token
  --think-time-ms <n>   delay before the first byte of each answer (default 0)
  --chunk-delay-ms <n>  delay between stream events (default 0)
  --zero-think-time     force every delay to 0 (benchmark mode)
  --keep-alive-ms <n>   idle keep-alive timeout of connections (default 1000; undici reuses a
                        connection only when the server announces more than about 2 s)
Prints one JSON line {"name","url","port","pid"} on stdout, then serves until SIGINT/SIGTERM.`;

/** Parsed CLI arguments (requests are not recorded: nobody can read them from another process). */
export interface ServeArgs {
  name: (typeof FAKE_NAMES)[number];
  options: GenericFakeOptions;
}

function nonNegative(flag: string, value: string | undefined): number | undefined {
  if (value == null) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} must be a non-negative integer`);
  return parsed;
}

/** Parses `serve.ts` arguments (without `node` and the script path); throws with a message on bad input. */
export function parseServeArgs(argv: string[]): ServeArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'api-key': { type: 'string' },
      'think-time-ms': { type: 'string' },
      'chunk-delay-ms': { type: 'string' },
      'zero-think-time': { type: 'boolean' },
      'keep-alive-ms': { type: 'string' },
    },
  });
  const name = positionals[0];
  if (name == null || !isFakeName(name)) throw new Error(`unknown fake ${JSON.stringify(name ?? '')}`);
  return {
    name,
    options: {
      port: nonNegative('--port', values.port),
      apiKey: values['api-key'],
      thinkTimeMs: nonNegative('--think-time-ms', values['think-time-ms']),
      chunkDelayMs: nonNegative('--chunk-delay-ms', values['chunk-delay-ms']),
      zeroThinkTime: values['zero-think-time'] === true,
      keepAliveMs: nonNegative('--keep-alive-ms', values['keep-alive-ms']),
      maxRecordedRequests: 0,
    },
  };
}

/**
 * Runs a fake in this process: starts it, prints `{"name","url","port","pid"}` as one JSON line on
 * stdout and closes it on SIGINT / SIGTERM. Returns the running fake.
 */
export async function runServe(argv: string[]): Promise<FakeServer> {
  const { name, options } = parseServeArgs(argv);
  const fake = await startFakeByName(name, options);
  process.stdout.write(`${JSON.stringify({ name, url: fake.url, port: fake.port, pid: process.pid })}\n`);
  const shutdown = (): void => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return fake;
}

if (import.meta.main) {
  runServe(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n${SERVE_USAGE}\n`);
    process.exit(2);
  });
}
