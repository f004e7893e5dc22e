import type { DatabaseHandle } from '@renum/db';
import type { PlatformDeps } from '@renum/platform';

/** What route plugins receive from the composition root. */
export interface RouteContext {
  deps: PlatformDeps;
  handle: DatabaseHandle;
  /** What `/ready` reports besides the database: this process's role and, with Redis, its check. */
  readiness?: { role: 'all' | 'api' | 'worker'; redis?: (() => Promise<void>) | undefined } | undefined;
}
