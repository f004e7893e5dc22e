import type { Transaction } from '@renum/db';
import type { PlatformDeps } from '../platform-deps.ts';
import { countRequest, readWithinBudget } from './admit-run.ts';

/**
 * Admission of a tool call made through `POST /v1/tool-proxy/{tool}` (an external executor's
 * request): refused with `402 BUDGET_EXCEEDED` once this month's spend has reached the budget, so
 * the call that crosses it is the last one allowed, and counted against the client's requests per
 * minute (`429 QUOTA_EXCEEDED`). One statement; takes no lock. Calls made in-process by the
 * built-in executor belong to a run that was already admitted and are not counted again.
 */
export async function admitToolCall(
  deps: PlatformDeps,
  options: { tx: Transaction; clientId: string },
): Promise<void> {
  const snapshot = await readWithinBudget(deps, { ...options, countRuns: false });
  await countRequest(deps, options.clientId, snapshot.requestsPerMinute);
}
