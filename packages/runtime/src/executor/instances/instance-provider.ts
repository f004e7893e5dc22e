/** Status of a client's executor instance, as last watched. */
export type InstanceStatus = 'starting' | 'running' | 'failed' | 'stopped';

/** A client's executor instance as recorded (one row of `executor_instances`). */
export interface InstanceRecord {
  readonly clientId: string;
  readonly provider: 'static' | 'docker';
  readonly status: InstanceStatus;
  readonly url: string | null;
  readonly containerId: string | null;
  readonly error: string | null;
}

/** Where instance records are kept (the platform's database); the providers hold no state of their own. */
export interface InstanceStore {
  find(clientId: string): Promise<InstanceRecord | undefined>;
  save(record: InstanceRecord): Promise<void>;
  /** Records the provider watches (starting or running). */
  listActive(provider: InstanceRecord['provider']): Promise<InstanceRecord[]>;
}

/**
 * The instance-provider port (seed 000): which Suna a client's runs go to. `static` answers one shared URL;
 * `docker` starts, watches and stops a container per client through the Docker Engine API.
 */
export interface InstanceProvider {
  readonly kind: 'static' | 'docker';
  /** The base URL of the client's instance, started first when it has none running. */
  resolve(clientId: string, signal?: AbortSignal): Promise<string>;
  /** Checks every active instance; a container that died becomes `failed`. Returns the records changed. */
  watch(): Promise<InstanceRecord[]>;
  /** Stops and removes the client's instance (`stopped`). */
  stop(clientId: string): Promise<void>;
}

/** The `static` provider: every client's runs go to one shared Suna URL; nothing to start or stop. */
export function createStaticInstanceProvider(options: { url: string }): InstanceProvider {
  return {
    kind: 'static',
    resolve: async () => options.url,
    watch: async () => [],
    stop: async () => undefined,
  };
}
