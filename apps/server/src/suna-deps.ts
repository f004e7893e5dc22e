import type { Config } from '@renum/config';
import { type ConfiguredSuna, createConfiguredSunaExecutor, type PlatformDeps } from '@renum/platform';
import { createDockerEngineClient } from '@renum/runtime';

/** The `suna` executor as configured now, its health check and its instance watch. */
export type SunaDeps = ConfiguredSuna;

/**
 * Wires the `suna` executor. Its connection is a platform setting an admin changes in the console
 * (`PUT /v1/admin/executors/suna/settings`), with the environment (`RENUM_SUNA_*`) as the default; each run
 * reads the one in effect, so a change needs no restart. Also sets the admin health check. The executor is
 * always wired: a run of a `suna` agent while no connection is in effect fails `EXECUTOR_UNAVAILABLE`.
 */
export function createSunaDeps(options: {
  config: Pick<Config, 'suna'> & Partial<Pick<Config, 'docker'>>;
  deps: PlatformDeps;
  fetch?: typeof fetch;
  dockerUrlOf?: (name: string) => string;
}): SunaDeps {
  const { deps, config } = options;
  if (config.suna) {
    deps.sunaDefaults = {
      url: config.suna.url,
      apiKey: config.suna.apiKey,
      jwt: config.suna.jwt,
      toolsUrl: config.suna.toolsUrl,
    };
    deps.externalExecutors = ['suna'];
  }
  const docker = config.docker?.socketPath
    ? createDockerEngineClient({ socketPath: config.docker.socketPath, apiVersion: config.docker.apiVersion })
    : undefined;
  const suna = createConfiguredSunaExecutor(deps, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    docker,
    ...(options.dockerUrlOf ? { dockerUrlOf: options.dockerUrlOf } : {}),
  });
  deps.sunaHealth = suna.health;
  return suna;
}
