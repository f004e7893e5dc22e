import { randomUUID } from 'node:crypto';
import { testDatabaseTargets } from '@renum/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agents,
  conversations,
  type DatabaseHandle,
  runEvents,
  runs,
  subAgents,
  withClient,
  withPlatform,
} from '../src/index.ts';
import { clients } from '../src/schema.ts';

for (const target of testDatabaseTargets()) {
  // Skipped only outside CI when the machine's Postgres is unreachable; CI fails instead (global setup).
  describe.skipIf(target.skipReason !== null)(`client isolation in SQL (${target.name})`, () => {
    let handle: DatabaseHandle;
    const clientA = randomUUID();
    const clientB = randomUUID();
    const agentA = randomUUID();
    const agentB = randomUUID();

    beforeAll(async () => {
      handle = await target.open();
      await withPlatform(handle.db, async (tx) => {
        await tx.insert(clients).values([
          { id: clientA, name: 'A', slug: `a-${clientA}` },
          { id: clientB, name: 'B', slug: `b-${clientB}` },
        ]);
      });
      for (const [clientId, agentId] of [
        [clientA, agentA],
        [clientB, agentB],
      ] as const) {
        await withClient(handle.db, clientId, (tx) =>
          tx.insert(agents).values({
            id: agentId,
            client_id: clientId,
            name: 'Agent',
            slug: `agent-${agentId}`,
            model: 'offline/renum',
            system_prompt: 'You help.',
          }),
        );
      }
    });

    afterAll(async () => {
      await handle?.close();
    });

    it('runs as a role that is neither superuser nor BYPASSRLS nor owner', async () => {
      const rows = (await withClient(handle.db, clientA, (tx) =>
        tx.execute(sql`select current_user as role, r.rolsuper, r.rolbypassrls,
          (select tableowner from pg_tables where tablename = 'agents') as owner
          from pg_roles r where r.rolname = current_user`),
      )) as unknown as { rows: unknown[] };
      const row = rows.rows[0] as { role: string; rolsuper: boolean; rolbypassrls: boolean; owner: string };
      expect(row.role).toBe('renum_app');
      expect(row.rolsuper).toBe(false);
      expect(row.rolbypassrls).toBe(false);
      expect(row.owner).not.toBe('renum_app');
    });

    it('shows a client only its own agents', async () => {
      const seen = await withClient(handle.db, clientA, (tx) => tx.select({ id: agents.id }).from(agents));
      expect(seen.map((row) => row.id)).toEqual([agentA]);
    });

    it('cannot read, update or delete another client’s agent', async () => {
      await withClient(handle.db, clientA, async (tx) => {
        expect(await tx.select().from(agents).where(eq(agents.id, agentB))).toEqual([]);
        const updated = await tx
          .update(agents)
          .set({ name: 'stolen' })
          .where(eq(agents.id, agentB))
          .returning();
        expect(updated).toEqual([]);
        const deleted = await tx.delete(agents).where(eq(agents.id, agentB)).returning();
        expect(deleted).toEqual([]);
      });
      const still = await withClient(handle.db, clientB, (tx) =>
        tx.select().from(agents).where(eq(agents.id, agentB)),
      );
      expect(still[0]?.name).toBe('Agent');
    });

    it('refuses a row carrying another client’s id', async () => {
      await expect(
        withClient(handle.db, clientA, (tx) =>
          tx.insert(agents).values({
            id: randomUUID(),
            client_id: clientB,
            name: 'Intruder',
            slug: `intruder-${randomUUID()}`,
            model: 'm',
            system_prompt: 'p',
          }),
        ),
      ).rejects.toThrow();
    });

    it('refuses a sub-agent under another client’s agent, even with that client’s id', async () => {
      const attempt = (clientId: string) =>
        withClient(handle.db, clientA, (tx) =>
          tx.insert(subAgents).values({
            id: randomUUID(),
            client_id: clientId,
            agent_id: agentB,
            name: 'Intruder',
            topics: ['x'],
            model: 'm',
            system_prompt: 'p',
          }),
        );
      await expect(attempt(clientA)).rejects.toThrow();
      await expect(attempt(clientB)).rejects.toThrow();
    });

    it('shows nothing when app.client_id is unset', async () => {
      const rows = await handle.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('role', 'renum_app', true)`);
        return tx.select().from(agents);
      });
      expect(rows).toEqual([]);
    });

    it('hides password hashes from the client role', async () => {
      const failure = await withClient(handle.db, clientA, (tx) =>
        tx.execute(sql`select password_hash from users`),
      ).catch((error: Error) => error);
      expect(String((failure as Error).cause)).toMatch(/permission denied/);
    });

    it('keeps conversations, runs and events inside their client, and events append-only', async () => {
      const conversationB = randomUUID();
      const runB = randomUUID();
      await withClient(handle.db, clientB, async (tx) => {
        await tx.insert(conversations).values({ id: conversationB, client_id: clientB, agent_id: agentB });
        await tx.insert(runs).values({
          id: runB,
          client_id: clientB,
          conversation_id: conversationB,
          agent_id: agentB,
          model: 'm',
        });
        await tx.insert(runEvents).values({
          stream_id: conversationB,
          seq: 1,
          client_id: clientB,
          run_id: runB,
          type: 'status',
          payload: {},
        });
      });
      await withClient(handle.db, clientA, async (tx) => {
        expect(await tx.select().from(conversations)).toEqual([]);
        expect(await tx.select().from(runEvents).where(eq(runEvents.run_id, runB))).toEqual([]);
      });
      // A conversation of client A under client B's agent is refused by the composite key.
      await expect(
        withClient(handle.db, clientA, (tx) =>
          tx.insert(conversations).values({ id: randomUUID(), client_id: clientA, agent_id: agentB }),
        ),
      ).rejects.toThrow();
      // Even the owning client cannot rewrite its event log.
      const rewrite = await withClient(handle.db, clientB, (tx) =>
        tx.update(runEvents).set({ type: 'complete' }).where(eq(runEvents.run_id, runB)),
      ).catch((error: Error) => error);
      expect(String((rewrite as Error).cause)).toMatch(/permission denied/);
    });

    it('keeps the audit log append-only, even for the platform scope', async () => {
      for (const statement of [sql`update audit_log set action = 'forged'`, sql`delete from audit_log`]) {
        const failure = await withPlatform(handle.db, (tx) => tx.execute(statement)).catch(
          (error: Error) => error,
        );
        expect(String((failure as Error).cause)).toMatch(/permission denied/);
      }
    });

    it('scopes a client id that is not a UUID without splicing it into SQL, and rolls back on error', async () => {
      const hostile = `${clientA}', true); set role postgres; select ('`;
      // It reaches Postgres as a value: the policy's cast to uuid refuses it, and no role changes.
      const refused = await withClient(handle.db, hostile, (tx) =>
        tx.select({ id: agents.id }).from(agents),
      ).catch((error: Error) => error);
      expect(String((refused as Error).cause)).toMatch(/invalid input syntax for type uuid/);
      const failed = await withClient(handle.db, clientA, async (tx) => {
        await tx.update(agents).set({ name: 'renamed' }).where(eq(agents.id, agentA));
        throw new Error('abort');
      }).catch((error: Error) => error);
      expect((failed as Error).message).toBe('abort');
      const [agent] = await withClient(handle.db, clientA, (tx) =>
        tx.select({ name: agents.name }).from(agents).where(eq(agents.id, agentA)),
      );
      expect(agent?.name).not.toBe('renamed');
    });

    it('lets the platform scope see every client', async () => {
      const rows = await withPlatform(handle.db, (tx) => tx.select({ id: agents.id }).from(agents));
      expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining([agentA, agentB]));
    });
  });
}
