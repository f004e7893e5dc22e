import { testDatabaseTargets } from '@renum/testing';
import { createEmbeddedJobQueue } from '../../src/jobs/embedded-job-queue.ts';
import { describeJobQueueSuite } from './job-queue-suite.ts';

// The embedded engine on both databases: PGlite (one process) and Postgres (several would share it).
for (const target of testDatabaseTargets()) {
  describeJobQueueSuite({
    name: `embedded on ${target.name}`,
    skipReason: target.skipReason,
    open: () => target.open(),
    create: (options) => createEmbeddedJobQueue(options),
  });
}
