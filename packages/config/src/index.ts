export { childProcessEnvironment, serverSelectingVariables } from './child-environment.ts';
export { ConfigError } from './config-error.ts';
export { type Config, knownEnvironmentVariables, loadConfig } from './load-config.ts';
