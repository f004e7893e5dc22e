import { AppError } from '@renum/contracts';
import {
  createDockerInstanceProvider,
  createStaticInstanceProvider,
  createSunaClient,
  createSunaExecutor,
  type DockerEngineClient,
  type Executor,
  type InstanceProvider,
  type InstanceRecord,
  type SunaClient,
  type SunaExecutorOptions,
} from '@renum/runtime';
import { reportFailure } from '../logger.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { createSunaLinks } from '../suna/create-suna-links.ts';
import { createSunaToolAccess } from '../suna/create-suna-tool-access.ts';
import { createInstanceStore } from './create-instance-store.ts';
import { readSunaConnection, type SunaConnection } from './suna-connection.ts';

/** Options of {@link createConfiguredSunaExecutor}. */
export interface ConfiguredSunaOptions {
  /** @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /** The Docker Engine API, for the `docker` instance provider; absent: that provider is refused. */
  docker?: DockerEngineClient | undefined;
  /** Deployment-wide environment of each Suna container (never a client's key). */
  dockerEnv?: Readonly<Record<string, string>>;
  /** The container instance's URL from its name (tests point it at a fake). */
  dockerUrlOf?: (name: string) => string;
  /** Timings of the executor (tests shorten them). */
  executor?: Pick<SunaExecutorOptions, 'pollIntervalMs' | 'stopWaitMs' | 'streamIdleTimeoutMs'>;
}

/** The `suna` executor that follows the settings, with its health check and instance watch. */
export interface ConfiguredSuna {
  executor: Executor;
  /** Suna's `GET /v1/health` (static) or the engine's `/_ping` (docker); undefined when not configured. */
  health(): Promise<{ status: string } | undefined>;
  /** Watches the `docker` instances (a dead container becomes `failed`); none under `static`. */
  watch(): Promise<InstanceRecord[]>;
}

function unavailable(message: string): AppError {
  return new AppError('EXECUTOR_UNAVAILABLE', message);
}

/**
 * The `suna` executor as configured now: each run reads the effective connection (the admin's settings
 * over the environment, kept 2 s), resolves the client's instance through the instance provider the
 * settings name (`static`: the one URL; `docker`: the client's container, started on demand), and runs on
 * a Suna client for that URL and those credentials (kept per URL and credentials, so breakers persist).
 */
export function createConfiguredSunaExecutor(
  deps: PlatformDeps,
  options: ConfiguredSunaOptions = {},
): ConfiguredSuna {
  const clients = new Map<string, SunaClient>();
  const store = createInstanceStore(deps);
  const links = createSunaLinks(deps);
  const clientFor = (url: string, connection: SunaConnection): SunaClient => {
    const key = JSON.stringify([url, connection.apiKey ?? '', connection.jwt ?? '']);
    let client = clients.get(key);
    if (!client) {
      if (clients.size >= 100) clients.clear();
      client = createSunaClient({
        baseUrl: url,
        apiKey: connection.apiKey,
        jwt: connection.jwt,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      clients.set(key, client);
    }
    return client;
  };
  const providerFor = (connection: SunaConnection): InstanceProvider => {
    if (connection.instanceProvider === 'static')
      return createStaticInstanceProvider({ url: connection.url });
    if (!options.docker) throw unavailable('The docker instance provider needs RENUM_DOCKER_SOCKET');
    if (!connection.dockerImage)
      throw unavailable('The docker instance provider needs an image in the Suna settings');
    return createDockerInstanceProvider({
      engine: options.docker,
      store,
      image: connection.dockerImage,
      network: connection.dockerNetwork,
      env: options.dockerEnv ?? {},
      ...(options.dockerUrlOf ? { urlOf: options.dockerUrlOf } : {}),
    });
  };
  const executor: Executor = {
    kind: 'suna',
    start: async (input) => {
      const connection = await readSunaConnection(deps);
      const clientId = input.metadata?.clientId;
      return createSunaExecutor({
        // Resolved inside the run, so a missing connection or instance fails it as EXECUTOR_UNAVAILABLE.
        client: async (signal) => {
          if (!connection) throw new Error('Suna is not configured in this deployment');
          if (typeof clientId !== 'string')
            throw new Error('A Suna run needs its client in the run metadata');
          const provider = providerFor(connection);
          try {
            return clientFor(await provider.resolve(clientId, signal), connection);
          } catch (error) {
            // The cause (socket paths, engine messages) goes to the log; the client reads a plain reason.
            reportFailure(deps, 'suna.instance', error, { clientId, provider: provider.kind });
            throw new Error(`no ${provider.kind} instance could be started for this client`);
          }
        },
        links,
        toolAccess: createSunaToolAccess(deps, { baseUrl: connection?.toolsUrl ?? deps.publicUrl }),
        clock: deps.clock,
        ...options.executor,
      }).start(input);
    },
  };
  return {
    executor,
    health: async () => {
      const connection = await readSunaConnection(deps);
      if (!connection) return undefined;
      if (connection.instanceProvider === 'docker') {
        if (!options.docker) return { status: 'docker_not_configured' };
        await options.docker.ping();
        return { status: 'ok' };
      }
      return clientFor(connection.url, connection).health();
    },
    watch: async () => {
      const connection = await readSunaConnection(deps);
      if (connection?.instanceProvider !== 'docker' || !options.docker) return [];
      return providerFor(connection).watch();
    },
  };
}
