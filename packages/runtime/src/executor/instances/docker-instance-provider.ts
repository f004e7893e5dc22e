import type { DockerContainerView, DockerEngineClient } from './docker-engine-client.ts';
import { DockerEngineError } from './docker-engine-client.ts';
import type { InstanceProvider, InstanceRecord, InstanceStore } from './instance-provider.ts';

/** Options of {@link createDockerInstanceProvider}. */
export interface DockerInstanceProviderOptions {
  readonly engine: DockerEngineClient;
  readonly store: InstanceStore;
  /** Suna's image, e.g. `ghcr.io/kortix-ai/suna-backend:latest`. */
  readonly image: string;
  /** The network the platform and the containers share (the container's name resolves there). */
  readonly network?: string | undefined;
  /** Deployment-wide environment of every container (never a client's key). @defaultValue {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Port Suna listens on inside the container. @defaultValue 8000 */
  readonly port?: number;
  /** The instance's URL from its container name. @defaultValue `http://<name>:<port>` */
  readonly urlOf?: (name: string) => string;
  /** How long a started container may take to run (and be healthy, if it has a health check). @defaultValue 60_000 */
  readonly startTimeoutMs?: number;
  /** Interval of inspections while starting. @defaultValue 500 */
  readonly pollIntervalMs?: number;
}

/** The container's name of a client: stable, so a restart finds (and replaces) the previous one. */
export function containerNameOf(clientId: string): string {
  return `renum-suna-${clientId}`;
}

function deadReason(view: DockerContainerView): string | null {
  if (!view.State.Running) {
    const detail = view.State.Error ? `: ${view.State.Error}` : '';
    return `container ${view.State.Status} (exit code ${view.State.ExitCode ?? 'unknown'})${detail}`;
  }
  if (view.State.Health?.Status === 'unhealthy') return 'container unhealthy';
  return null;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/**
 * The `docker` provider: one Suna container per client, created from the image with the deployment's
 * environment (no client key: a Suna run's only credential is its run token), labelled with the client id,
 * on the shared network; started, inspected until running (and healthy, when the image has a health
 * check), watched, stopped and removed through the Docker Engine API. Its records are the store's rows.
 */
export function createDockerInstanceProvider(options: DockerInstanceProviderOptions): InstanceProvider {
  const port = options.port ?? 8000;
  const urlOf = options.urlOf ?? ((name: string) => `http://${name}:${port}`);
  const base = (clientId: string) => ({ clientId, provider: 'docker' as const });

  const waitRunning = async (containerId: string, signal?: AbortSignal): Promise<void> => {
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    for (;;) {
      const view = await options.engine.inspectContainer(containerId);
      const dead = view.State.Status === 'exited' || view.State.Status === 'dead' ? deadReason(view) : null;
      if (dead) throw new Error(dead);
      const health = view.State.Health?.Status;
      if (view.State.Running && (!health || health === 'healthy')) return;
      if (Date.now() > deadline) throw new Error('container did not start in time');
      await sleep(options.pollIntervalMs ?? 500, signal);
    }
  };

  const start = async (clientId: string, signal?: AbortSignal): Promise<string> => {
    const name = containerNameOf(clientId);
    const previous = await options.store.find(clientId);
    if (previous?.containerId) await options.engine.removeContainer(previous.containerId);
    const created = await options.engine.createContainer(name, {
      Image: options.image,
      Env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
      Labels: { 'renum.client_id': clientId, 'renum.executor': 'suna' },
      ExposedPorts: { [`${port}/tcp`]: {} },
      HostConfig: {
        ...(options.network ? { NetworkMode: options.network } : {}),
        RestartPolicy: { Name: 'unless-stopped' },
      },
    });
    const url = urlOf(name);
    const record = { ...base(clientId), url, containerId: created.Id, error: null };
    await options.store.save({ ...record, status: 'starting' });
    try {
      await options.engine.startContainer(created.Id);
      await waitRunning(created.Id, signal);
    } catch (error) {
      await options.store.save({ ...record, status: 'failed', error: (error as Error).message });
      throw error;
    }
    await options.store.save({ ...record, status: 'running' });
    return url;
  };

  const inspectAlive = async (record: InstanceRecord): Promise<string | null> => {
    try {
      return deadReason(await options.engine.inspectContainer(record.containerId ?? ''));
    } catch (error) {
      if (error instanceof DockerEngineError && error.status === 404) return 'container is gone';
      throw error;
    }
  };

  return {
    kind: 'docker',
    resolve: async (clientId, signal) => {
      const record = await options.store.find(clientId);
      if (record?.status === 'running' && record.url && record.containerId) {
        const dead = await inspectAlive(record);
        if (!dead) return record.url;
        await options.store.save({ ...record, status: 'failed', error: dead });
      }
      return start(clientId, signal);
    },
    watch: async () => {
      const changed: InstanceRecord[] = [];
      for (const record of await options.store.listActive('docker')) {
        const dead = await inspectAlive(record);
        if (!dead) continue;
        const failed = { ...record, status: 'failed' as const, error: dead };
        await options.store.save(failed);
        changed.push(failed);
      }
      return changed;
    },
    stop: async (clientId) => {
      const record = await options.store.find(clientId);
      if (!record?.containerId) return;
      try {
        await options.engine.stopContainer(record.containerId);
      } catch (error) {
        if (!(error instanceof DockerEngineError && error.status === 404)) throw error;
      }
      await options.engine.removeContainer(record.containerId);
      await options.store.save({ ...record, status: 'stopped', error: null });
    },
  };
}
