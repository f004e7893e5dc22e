import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, migrationStatus, openDatabase, restoreDataDirectory } from '@renum/db';
import type { TestDatabaseTarget } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

// Issue 16: "Backup and restore round-trip on the embedded database while the server runs" (ADR 0050).
describe('backup and restore of the embedded database', () => {
  const root = mkdtempSync(join(tmpdir(), 'renum-backup-'));
  const liveDir = join(root, 'live');
  const restoredDir = join(root, 'restored');
  const onDisk: TestDatabaseTarget = {
    name: 'pglite',
    skipReason: null,
    open: async () => {
      const handle = await openDatabase({ kind: 'pglite', dataDir: liveDir });
      await migrate(handle);
      return handle;
    },
  };
  let t: TestApp;
  let admin: TestSession;
  let owner: TestSession;
  beforeAll(async () => {
    t = await createTestApp(onDisk);
    admin = await t.platformAdmin();
    owner = await t.signup();
  }, 240_000); // migrating a fresh on-disk PGlite takes minutes on a loaded machine
  afterAll(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('copies the running database while writes go on, and restores it beside a stopped server', async () => {
    await t.createAgent(owner.accessToken, { name: 'Before backup', system_prompt: 'Help.' });
    // Writes in flight while the copy is taken: each is in the copy whole or not at all.
    const [backup] = await Promise.all([
      t.request({ method: 'GET', url: '/v1/admin/backup', token: admin.accessToken }),
      ...[1, 2, 3].map((n) =>
        t.createAgent(owner.accessToken, { name: `During ${n}`, system_prompt: 'Hi.' }),
      ),
    ]);
    expect(backup.statusCode).toBe(200);
    expect(backup.headers['content-type']).toBe('application/gzip');
    expect(backup.headers['content-disposition']).toMatch(
      /^attachment; filename="renum-backup-.+\.tar\.gz"$/,
    );
    await t.createAgent(owner.accessToken, { name: 'After backup', system_prompt: 'Help.' });

    // A data directory another live process holds (a running server's lock) is refused, and left as it is.
    mkdirSync(restoredDir, { recursive: true });
    writeFileSync(join(restoredDir, 'renum.lock'), String(process.ppid));
    await expect(restoreDataDirectory(restoredDir, new Blob([backup.rawPayload]))).rejects.toThrow(
      /in use by another Renum process/,
    );
    rmSync(join(restoredDir, 'renum.lock'));

    expect(await restoreDataDirectory(restoredDir, new Blob([backup.rawPayload]))).toBeNull();
    const restored = await openDatabase({ kind: 'pglite', dataDir: restoredDir });
    try {
      expect((await migrationStatus(restored)).pending).toEqual([]);
      const names = (
        await restored.query<{ name: string }>('select name from agents where client_id = $1 order by name', [
          owner.clientId,
        ])
      ).map((row) => row.name);
      expect(names).toContain('Before backup');
      expect(names).not.toContain('After backup');
      // Each agent written during the copy has its audit row in the copy too, or neither is there.
      const audited = await restored.query<{ n: number }>(
        `select count(*)::int as n from audit_log where action = 'agent.create' and client_id = $1`,
        [owner.clientId],
      );
      expect(audited[0]?.n).toBe(names.length);
      const [entry] = await t.handle.query<{ actor_id: string }>(
        `select actor_id from audit_log where action = 'admin.backup'`,
      );
      expect(entry?.actor_id).toBe(admin.userId);
    } finally {
      await restored.close();
    }
    // A second restore keeps the first restored database beside the new one.
    expect(await restoreDataDirectory(restoredDir, new Blob([backup.rawPayload]))).toMatch(
      /pgdata\.before-restore-/,
    );
  }, 180_000);

  it('refuses a backup to a client owner', async () => {
    const answer = await t.request({ method: 'GET', url: '/v1/admin/backup', token: owner.accessToken });
    expect([answer.statusCode, answer.json().code]).toEqual([403, 'FORBIDDEN']);
  });
});
