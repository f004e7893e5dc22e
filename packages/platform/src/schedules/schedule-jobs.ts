import { scheduleTickJobPayloadSchema } from '@renum/contracts';
import { defineJob } from '../jobs/define-job.ts';

/**
 * One tick of one schedule (issue 15). Enqueued by the dispatcher with the idempotency key
 * `schedule:<id>:<tick ISO time>` (and by "run now" with `schedule:<id>:manual:<time>`), so a tick is one
 * job however many processes dispatch; its handler records the tick once more under a unique key.
 */
export const scheduleTickJob = defineJob({
  name: 'schedule.tick',
  queue: 'schedules',
  payload: scheduleTickJobPayloadSchema,
  retry: { attempts: 5, backoff: { delayMs: 1000 } },
});
