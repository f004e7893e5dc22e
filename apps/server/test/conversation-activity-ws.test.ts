import type { WsServerFrame } from '@renum/contracts';
import { testDatabaseTargets, testRedis } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiAndWorker, openApiAndWorker } from './api-and-worker.ts';
import type { TestApp } from './test-app.ts';

const redis = testRedis();
const postgres = testDatabaseTargets()[1]!;

const isConversationFrame = (frame: WsServerFrame) => frame.type === 'conversation';

// The inbox lists every conversation of the client but follows only the open one: a finished run of any
// other must still reach it, from the worker process that ran it to the API process holding the socket
// (ADR 0068), and never reach another client's sockets.
describe.skipIf(redis.skipReason !== null || postgres.skipReason !== null)(
  "a conversation's activity pushed to the client's sockets across processes (ADR 0068)",
  () => {
    let api: TestApp;
    let deployment: ApiAndWorker | undefined;

    beforeAll(async () => {
      deployment = await openApiAndWorker({ postgres, redis, name: 'conversation-activity-ws' });
      ({ api } = deployment);
    }, 180_000);
    afterAll(() => deployment?.close());

    it("tells the team's sockets of an answer in a conversation none follows, and no other client's", async () => {
      const owner = await api.signup();
      const member = await api.joinAs(owner.accessToken);
      const stranger = await api.signup();
      const inbox = await deployment!.connect(member.accessToken);
      const outsider = await deployment!.connect(stranger.accessToken);
      const agentId = (
        await api.createAgent(owner.accessToken, {
          name: 'Atendente',
          system_prompt: 'You help.',
          model: 'offline/renum',
        })
      ).id;
      const conversationId = await api.openConversation(owner.accessToken, agentId);
      const sent = await api.ask(owner.accessToken, conversationId, 'Hello there', { stream: false });
      expect(sent.statusCode).toBeLessThan(300);

      const pushed = await inbox.next(
        'conversation',
        (frame) => frame.conversation.id === conversationId,
        30_000,
      );
      // Sent once the answer was committed: the API process reads it, and the frame carries its time.
      const listed = await api.request({
        method: 'GET',
        url: `/v1/conversations/${conversationId}/messages`,
        token: member.accessToken,
      });
      const roles = (listed.json().data as Array<{ role: string }>).map((message) => message.role);
      expect(roles).toContain('assistant');
      expect(pushed.conversation).toMatchObject({ id: conversationId, agent_id: agentId });
      expect(pushed.conversation.last_message_at).not.toBeNull();
      // The frame carries the row the settlement's own statement returned (ADR 0070), not a later read: the
      // same conversation as stored, every field and time, its last event the run's terminal one.
      const stored = await api.request({
        method: 'GET',
        url: `/v1/conversations/${conversationId}`,
        token: member.accessToken,
      });
      expect(pushed.conversation).toEqual(stored.json());
      const events = await api.request({
        method: 'GET',
        url: `/v1/runs/${sent.json().run_id}/events`,
        token: member.accessToken,
      });
      const lastId = [...events.body.matchAll(/^id: (\d+)$/gm)].at(-1)?.[1];
      expect(pushed.conversation.last_seq).toBe(Number(lastId));
      // The member's socket follows nothing: it heard the person's message (sent to the whole client), but
      // neither the run's events nor the answer; only this frame tells it the answer is there.
      expect(inbox.frames.some((frame) => frame.type === 'event')).toBe(false);
      expect(
        inbox.frames.some((frame) => frame.type === 'message' && frame.message.role === 'assistant'),
      ).toBe(false);
      // Another client's socket, on the same process and topic bus, heard nothing of it (given the time a
      // frame takes to cross Redis once more).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(outsider.frames.some(isConversationFrame)).toBe(false);
    });
  },
);
