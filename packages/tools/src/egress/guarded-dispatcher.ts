import { Agent } from 'undici';
import { createGuardedConnector, type GuardedConnectorOptions } from './guarded-connector.ts';

/** Options of {@link createGuardedDispatcher}. */
export interface GuardedDispatcherOptions extends GuardedConnectorOptions {
  /** Pool options for the agent (connections, keep-alive, timeouts). Connector and socket path are not open to change. */
  agent?: Omit<Agent.Options, 'connect' | 'factory' | 'socketPath'>;
}

/**
 * An undici `Agent` whose every connection, on every hop and every origin, goes through the egress guard
 * (see `createGuardedConnector`). Pass it as `dispatcher` to undici's `request` or `fetch`.
 */
export function createGuardedDispatcher(options: GuardedDispatcherOptions): Agent {
  return new Agent({ ...options.agent, connect: createGuardedConnector(options) });
}
