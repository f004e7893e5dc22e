import { type BreakerSharing, parseBreakerTransition } from '@renum/tools';
import type { Broadcast } from './broadcast.ts';

const breakerTopic = 'breakers';

/**
 * {@link BreakerSharing} over a {@link Broadcast} (Redis pub/sub in a deployment): transitions travel
 * as JSON on one topic. An unreadable message is reported to `onError` and skipped.
 */
export function breakerSharingOver(
  broadcast: Broadcast,
  options: { onError: (error: unknown) => void },
): BreakerSharing {
  return {
    publish: (transition) => broadcast.publish(breakerTopic, JSON.stringify(transition)),
    subscribe: (listener) =>
      broadcast.subscribe(breakerTopic, (message) => {
        const transition = parseBreakerTransition(message);
        if (transition) listener(transition);
        else options.onError(new Error('Unreadable circuit breaker transition on the broadcast'));
      }),
  };
}
