import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildConnector } from 'undici';

/** A throwaway HTTP server on 127.0.0.1 that counts the requests it receives. */
export interface LocalServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Requests received so far. */
  readonly requests: IncomingMessage[];
  /** Requests being handled right now, and the most seen at once. */
  readonly concurrency: { current: number; max: number };
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Handles one request; the request counter is updated before it runs. */
export type LocalHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

/** Starts a server on 127.0.0.1 with a random port. */
export async function startLocalServer(handler: LocalHandler): Promise<LocalServer> {
  const requests: IncomingMessage[] = [];
  const concurrency = { current: 0, max: 0 };
  const server = createServer((request, response) => {
    const index = requests.push(request) - 1;
    concurrency.current++;
    concurrency.max = Math.max(concurrency.max, concurrency.current);
    response.on('close', () => {
      concurrency.current--;
    });
    Promise.resolve(handler(request, response, index)).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    concurrency,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A port on 127.0.0.1 that nothing listens on (a server was bound there and closed). */
export async function refusedPort(): Promise<number> {
  const server = await startLocalServer(() => {});
  await server.close();
  return server.port;
}

/**
 * A connector for tests that records every address dialled and refuses to dial anything but 127.0.0.1,
 * so a broken guard can never send a test's traffic off the machine.
 */
export function loopbackOnlyConnector(): { connector: buildConnector.connector; dialled: string[] } {
  const real = buildConnector({});
  const dialled: string[] = [];
  const connector: buildConnector.connector = (options, callback) => {
    dialled.push(options.hostname);
    if (options.hostname !== '127.0.0.1') {
      callback(new Error(`test connector refuses to dial ${options.hostname}`), null);
      return;
    }
    real(options, callback);
  };
  return { connector, dialled };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
