export { childProcessEnvironment, serverSelectingVariables } from './child-environment.ts';
export { ConfigError } from './config-error.ts';
export { type Config, loadConfig } from './load-config.ts';
