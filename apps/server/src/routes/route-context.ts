import type { DatabaseHandle } from '@renum/db';
import type { PlatformDeps } from '@renum/platform';

/** What route plugins receive from the composition root. */
export interface RouteContext {
  deps: PlatformDeps;
  handle: DatabaseHandle;
}
