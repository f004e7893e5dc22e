import { EgressBlockedError } from '../../src/index.ts';

/** Awaits `promise` and answers the egress refusal it rejected with; throws when it did not refuse. */
export async function refusal(promise: Promise<unknown>): Promise<EgressBlockedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!EgressBlockedError.isInstance(error))
    throw new Error(`expected an egress refusal, got ${String(error)}`);
  return error;
}
