import { request } from 'node:http';

/** A refusal or failure of the Docker Engine API: its HTTP status and the engine's `message`. */
export class DockerEngineError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(`Docker Engine answered ${status}: ${message}`);
    this.name = 'DockerEngineError';
    this.status = status;
  }
}

/** What `GET /containers/{id}/json` tells of a container (the fields the provider reads). */
export interface DockerContainerView {
  readonly Id: string;
  readonly Name?: string;
  readonly State: {
    readonly Status: string;
    readonly Running: boolean;
    readonly ExitCode?: number;
    readonly Error?: string;
    readonly Health?: { readonly Status: string };
  };
  readonly Config?: { readonly Labels?: Record<string, string> };
}

/** Body of `POST /containers/create` (the subset used here). */
export interface DockerCreateBody {
  readonly Image: string;
  readonly Env: string[];
  readonly Labels: Record<string, string>;
  readonly ExposedPorts?: Record<string, Record<string, never>>;
  readonly HostConfig?: { readonly NetworkMode?: string; readonly RestartPolicy?: { Name: string } };
}

/** The Docker Engine API calls the `docker` instance provider makes, over the engine's Unix socket. */
export interface DockerEngineClient {
  ping(): Promise<void>;
  createContainer(name: string, body: DockerCreateBody): Promise<{ Id: string }>;
  startContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<DockerContainerView>;
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
}

/** Options of {@link createDockerEngineClient}. */
export interface DockerEngineClientOptions {
  /** The engine's socket. @defaultValue '/var/run/docker.sock' */
  readonly socketPath?: string;
  /** API version prefix. @defaultValue 'v1.43' */
  readonly apiVersion?: string;
  /** Time limit of one call. @defaultValue 30_000 */
  readonly timeoutMs?: number;
}

interface Answer {
  status: number;
  body: unknown;
}

function call(
  options: Required<DockerEngineClientOptions>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      {
        socketPath: options.socketPath,
        path: `/${options.apiVersion}${path}`,
        method,
        headers: {
          host: 'docker',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
        },
        timeout: options.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          if (text && (res.headers['content-type'] ?? '').includes('json')) parsed = JSON.parse(text);
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`Docker Engine did not answer in ${options.timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function check(answer: Answer, ok: readonly number[]): unknown {
  if (ok.includes(answer.status)) return answer.body;
  const message =
    typeof answer.body === 'object' && answer.body && 'message' in answer.body
      ? String((answer.body as { message: unknown }).message)
      : String(answer.body || 'no message');
  throw new DockerEngineError(answer.status, message);
}

/**
 * A client of the Docker Engine HTTP API over its Unix socket (`node:http` with `socketPath`), with the
 * version prefix in every path. 304 of start and stop (already in that state) count as success.
 */
export function createDockerEngineClient(options: DockerEngineClientOptions = {}): DockerEngineClient {
  const settings: Required<DockerEngineClientOptions> = {
    socketPath: options.socketPath ?? '/var/run/docker.sock',
    apiVersion: options.apiVersion ?? 'v1.43',
    timeoutMs: options.timeoutMs ?? 30_000,
  };
  const id = (value: string) => encodeURIComponent(value);
  return {
    ping: async () => {
      check(await call(settings, 'GET', '/_ping'), [200]);
    },
    createContainer: async (name, body) =>
      check(await call(settings, 'POST', `/containers/create?name=${id(name)}`, body), [201]) as {
        Id: string;
      },
    startContainer: async (container) => {
      check(await call(settings, 'POST', `/containers/${id(container)}/start`), [204, 304]);
    },
    inspectContainer: async (container) =>
      check(await call(settings, 'GET', `/containers/${id(container)}/json`), [200]) as DockerContainerView,
    stopContainer: async (container, timeoutSeconds = 10) => {
      check(
        await call(settings, 'POST', `/containers/${id(container)}/stop?t=${timeoutSeconds}`),
        [204, 304],
      );
    },
    removeContainer: async (container) => {
      check(await call(settings, 'DELETE', `/containers/${id(container)}?force=true`), [204, 404]);
    },
  };
}
