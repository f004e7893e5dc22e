import type { WsServerFrame } from '@renum/contracts';
import { notifications, withClient, withPlatform } from '@renum/db';
import { storeNotification } from '@renum/platform';
import { testDatabaseTargets, testRedis } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAndWorker, openApiAndWorker } from './api-and-worker.ts';
import type { TestApp } from './test-app.ts';

const redis = testRedis();
const postgres = testDatabaseTargets()[1]!;

const isNotificationFrame = (frame: WsServerFrame) =>
  frame.type === 'notification' || frame.type === 'notifications_read';

// Two processes of one deployment (one Postgres, one Redis): the API process holds the browsers'
// WebSockets and runs nothing; the worker process runs the agent, whose critical tool call becomes an
// approval request and its notification. The frame must cross from the second to the first (issue 17).
describe.skipIf(redis.skipReason !== null || postgres.skipReason !== null)(
  'notifications pushed over the WebSocket across processes (ADR 0061)',
  () => {
    let api: TestApp;
    let worker: TestApp;
    let deployment: ApiAndWorker | undefined;
    const connect = (token: string) => deployment!.connect(token);

    beforeAll(async () => {
      deployment = await openApiAndWorker({ postgres, redis, name: 'notifications-ws' });
      ({ api, worker } = deployment);
    }, 180_000);
    afterAll(() => deployment?.close());

    it("delivers a committed approval's notification and its reading to the client's team only", async () => {
      const owner = await api.signup();
      const member = await api.joinAs(owner.accessToken);
      const stranger = await api.signup();
      const watcher = await connect(owner.accessToken);
      const colleague = await connect(member.accessToken);
      const outsider = await connect(stranger.accessToken);
      const agentId = (
        await api.createAgent(owner.accessToken, {
          name: 'Caixa',
          system_prompt: 'You calculate.',
          model: 'offline/renum',
          tools: [{ name: 'calculator', critical: true }],
        })
      ).id;
      const conversationId = await api.openConversation(owner.accessToken, agentId);
      const sent = await api.ask(owner.accessToken, conversationId, 'calculate 1500 * 2', { stream: false });
      expect(sent.statusCode).toBeLessThan(300);

      const pushed = await watcher.next(
        'notification',
        (frame) => frame.notification.kind === 'approval.requested',
        30_000,
      );
      // Sent after the commit: the API process reads the row the frame names.
      const listed = await api.request({ method: 'GET', url: '/v1/notifications', token: owner.accessToken });
      expect(listed.json().data).toContainEqual(pushed.notification);
      expect(pushed.notification).toMatchObject({ read_at: null });
      expect(pushed.notification.payload).toMatchObject({
        tool: 'calculator',
        conversation_id: conversationId,
      });
      // Notifications are the whole team's: the member's socket has it too.
      await colleague.next('notification', (frame) => frame.notification.id === pushed.notification.id);

      const read = await api.request({
        method: 'POST',
        url: `/v1/notifications/${pushed.notification.id}/read`,
        token: owner.accessToken,
      });
      expect(read.statusCode).toBe(200);
      const readFrame = await colleague.next('notifications_read');
      expect(readFrame).toEqual({
        type: 'notifications_read',
        notification_id: pushed.notification.id,
        read_at: read.json().read_at,
      });

      // Its decision is the team's news too (ADR 0068): the member's socket hears who rejected it.
      const decided = await api.request({
        method: 'POST',
        url: `/v1/approvals/${pushed.notification.payload.approval_id}/decision`,
        token: owner.accessToken,
        body: { decision: 'reject', reason: 'Not today' },
      });
      expect(decided.statusCode).toBe(200);
      const outcome = await colleague.next(
        'notification',
        (frame) => frame.notification.kind !== 'approval.requested',
      );
      expect(outcome.notification).toMatchObject({ kind: 'approval.rejected', read_at: null });
      expect(outcome.notification.payload).toMatchObject({
        approval_id: pushed.notification.payload.approval_id,
        tool: 'calculator',
        conversation_id: conversationId,
        decided_by: owner.userId,
        via: 'web',
        reason: 'Not today',
      });
      const after = await api.request({ method: 'GET', url: '/v1/notifications', token: member.accessToken });
      expect(after.json().data).toContainEqual(outcome.notification);
      // Another client's socket on the same process and topic bus heard nothing of it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(outsider.frames.some(isNotificationFrame)).toBe(false);
    });

    it('announces a stored notification only once its transaction committed, never when it rolls back', async () => {
      const owner = await api.signup();
      const watcher = await connect(owner.accessToken);
      const id = worker.deps.newId();
      await expect(
        withClient(worker.deps.db, owner.clientId, async (tx) => {
          await storeNotification(tx, worker.deps, {
            id,
            clientId: owner.clientId,
            kind: 'report.daily',
            dedupKey: null,
            payload: { message: 'never' },
          });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const kept = await withClient(worker.deps.db, owner.clientId, async (tx) => {
        const stored = await storeNotification(tx, worker.deps, {
          id: worker.deps.newId(),
          clientId: owner.clientId,
          kind: 'report.daily',
          dedupKey: null,
          payload: { message: 'kept' },
        });
        return stored!;
      });
      const frame = await watcher.next('notification', (candidate) => candidate.notification.id === kept.id);
      expect(frame.notification.payload).toEqual({ message: 'kept' });
      expect(
        watcher.frames.some(
          (candidate) => candidate.type === 'notification' && candidate.notification.id === id,
        ),
      ).toBe(false);
      const rows = await withPlatform(worker.deps.db, (tx) =>
        tx.select().from(notifications).where(eq(notifications.id, id)),
      );
      expect(rows).toEqual([]);
      // Read all at once: one frame without an id.
      const all = await api.request({
        method: 'POST',
        url: '/v1/notifications/read-all',
        token: owner.accessToken,
      });
      expect(all.json()).toEqual({ updated: 1 });
      expect(await watcher.next('notifications_read')).toMatchObject({ notification_id: null });
    });
  },
);
