import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A container as the fake engine keeps it. */
export interface FakeContainer {
  id: string;
  name: string;
  /** The create body as received (Image, Env, Labels, HostConfig, …). */
  config: Record<string, unknown>;
  status: 'created' | 'running' | 'exited';
  exitCode: number;
  error: string;
  /** When set, `State.Health.Status` (an image with a health check). */
  health?: 'starting' | 'healthy' | 'unhealthy';
}

/** A request the fake engine received. */
export interface FakeDockerRequest {
  method: string;
  path: string;
  body: unknown;
}

/** A fake Docker Engine API on a Unix socket in a temporary directory. */
export interface FakeDockerEngine {
  /** The socket to point a client at. */
  socketPath: string;
  containers: Map<string, FakeContainer>;
  requests: FakeDockerRequest[];
  /** Makes a container die as the kernel would kill it (exit code 137). */
  kill(id: string, error?: string): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function inspect(container: FakeContainer) {
  return {
    Id: container.id,
    Name: `/${container.name}`,
    State: {
      Status: container.status,
      Running: container.status === 'running',
      ExitCode: container.exitCode,
      Error: container.error,
      ...(container.health ? { Health: { Status: container.health } } : {}),
    },
    Config: { Image: container.config.Image, Env: container.config.Env, Labels: container.config.Labels },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

type Handler = (match: RegExpExecArray, url: URL, body: unknown, res: ServerResponse) => void;

/**
 * Starts a fake of the Docker Engine HTTP API on a Unix socket (no engine runs in tests), speaking the real
 * routes with or without the version prefix (`/v1.4x/`): `GET /_ping`, `POST /containers/create?name=`,
 * `POST /containers/{id}/start`, `GET /containers/{id}/json`, `POST /containers/{id}/stop`,
 * `DELETE /containers/{id}`; errors as the engine's `{ message }` (404 no such container, 409 name in use).
 */
export async function startFakeDockerEngine(
  options: { health?: FakeContainer['health'] } = {},
): Promise<FakeDockerEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'renum-docker-'));
  const socketPath = join(dir, 'docker.sock');
  const containers = new Map<string, FakeContainer>();
  const requests: FakeDockerRequest[] = [];
  const find = (ref: string) =>
    containers.get(ref) ?? [...containers.values()].find((container) => container.name === ref);
  const missing = (res: ServerResponse, ref: string) =>
    send(res, 404, { message: `No such container: ${ref}` });
  const routes: Array<[string, RegExp, Handler]> = [
    [
      'GET',
      /^\/_ping$/,
      (_m, _u, _b, res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'api-version': '1.43' }).end('OK');
      },
    ],
    [
      'POST',
      /^\/containers\/create$/,
      (_m, url, body, res) => {
        const name = url.searchParams.get('name') ?? randomBytes(6).toString('hex');
        const config = (body ?? {}) as Record<string, unknown>;
        if (typeof config.Image !== 'string') return send(res, 400, { message: 'config.Image is required' });
        if (find(name))
          return send(res, 409, { message: `Conflict. The container name "/${name}" is already in use` });
        const id = randomBytes(32).toString('hex');
        containers.set(id, {
          id,
          name,
          config,
          status: 'created',
          exitCode: 0,
          error: '',
          ...(options.health ? { health: options.health } : {}),
        });
        send(res, 201, { Id: id, Warnings: [] });
      },
    ],
    [
      'POST',
      /^\/containers\/([^/]+)\/start$/,
      (m, _u, _b, res) => {
        const container = find(m[1]!);
        if (!container) return missing(res, m[1]!);
        if (container.status === 'running') return send(res, 304);
        container.status = 'running';
        send(res, 204);
      },
    ],
    [
      'GET',
      /^\/containers\/([^/]+)\/json$/,
      (m, _u, _b, res) => {
        const container = find(m[1]!);
        return container ? send(res, 200, inspect(container)) : missing(res, m[1]!);
      },
    ],
    [
      'POST',
      /^\/containers\/([^/]+)\/stop$/,
      (m, _u, _b, res) => {
        const container = find(m[1]!);
        if (!container) return missing(res, m[1]!);
        if (container.status !== 'running') return send(res, 304);
        container.status = 'exited';
        send(res, 204);
      },
    ],
    [
      'DELETE',
      /^\/containers\/([^/]+)$/,
      (m, url, _b, res) => {
        const container = find(m[1]!);
        if (!container) return missing(res, m[1]!);
        if (container.status === 'running' && url.searchParams.get('force') !== 'true')
          return send(res, 409, {
            message:
              'You cannot remove a running container. Stop the container before attempting removal or force remove',
          });
        containers.delete(container.id);
        send(res, 204);
      },
    ],
  ];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://docker');
    const path = url.pathname.replace(/^\/v1\.\d+(?=\/)/, '');
    readJson(req).then(
      (body) => {
        requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, body });
        for (const [method, pattern, handle] of routes) {
          const match = pattern.exec(path);
          if (match && method === req.method) return handle(match, url, body, res);
        }
        send(res, 404, { message: 'page not found' });
      },
      (error: unknown) => send(res, 400, { message: `invalid JSON: ${(error as Error).message}` }),
    );
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    containers,
    requests,
    kill: (id, error = '') => {
      const container = containers.get(id);
      if (!container) throw new Error(`No such container: ${id}`);
      container.status = 'exited';
      container.exitCode = 137;
      container.error = error;
    },
    close: async () => {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
