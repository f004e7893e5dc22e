import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createFailureCounter, reportFailure } from '../src/logger.ts';

describe('background failures', () => {
  it('are logged at error with their cause and ids, and counted by kind', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const failures = createFailureCounter();
    const logger = pino({ level: 'info' }, sink);
    const cause = new Error('connection reset');
    reportFailure({ logger, failures }, 'run.lease_renewal', new Error('renewal failed', { cause }), {
      run_id: 'r1',
    });
    reportFailure({ logger, failures }, 'run.lease_renewal', new Error('again'), { run_id: 'r2' });
    reportFailure({ logger, failures }, 'run.summary', new Error('model down'));
    expect(failures.snapshot()).toEqual({ 'run.lease_renewal': 2, 'run.summary': 1 });
    expect(lines[0]).toMatchObject({ level: 50, kind: 'run.lease_renewal', run_id: 'r1' });
    expect(JSON.stringify(lines[0])).toContain('connection reset');
  });

  it('without a logger, still reach the process as a warning', async () => {
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    reportFailure({}, 'run.final_flush', new Error('disk full'), { run_id: 'r3' });
    const warning = await warned;
    expect(warning.message).toContain('run.final_flush');
    expect(warning.message).toContain('run_id=r3');
    expect(warning.message).toContain('disk full');
  });
});
