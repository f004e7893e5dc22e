import { Writable } from 'node:stream';
import { testDatabaseTargets } from '@renum/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/logger.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

type LogLine = Record<string, unknown> & { msg?: string };

const promptLogMessage = 'prompt logged (opt-in)';
// A key the user pastes into the chat: scrubbed even from an opted-in prompt log.
const pastedKey = 'sk-proj-Canary0123456789abcdef';

for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(`prompt logging opt-in per client (${target.name})`, () => {
    let t: TestApp;
    let admin: TestSession;
    let owner: TestSession;
    let other: TestSession;
    let ownerConversation: string;
    let otherConversation: string;
    // The platform's clock, moved forward to let a switch's time run out.
    let skewMs = 0;
    const lines: string[] = [];

    beforeAll(async () => {
      t = await createTestApp(target, {
        models: { offline: { chunkDelayMs: 0 } },
        clock: () => new Date(Date.now() + skewMs),
      });
      // The worker's logger, as the server builds it (its redaction included), writing into memory.
      t.deps.logger = pino(
        loggerOptions('info'),
        new Writable({
          write(chunk, _encoding, done) {
            lines.push(chunk.toString());
            done();
          },
        }),
      );
      admin = await t.platformAdmin();
      const agent = { system_prompt: 'You are the Canary Shop clerk.', model: 'offline/renum' };
      const ours = await t.startConversation({ ...agent, name: 'Ours' });
      owner = ours.owner;
      ownerConversation = ours.conversationId;
      const theirs = await t.startConversation({ ...agent, name: 'Theirs' });
      other = theirs.owner;
      otherConversation = theirs.conversationId;
    });
    afterAll(async () => t?.close());

    const url = (clientId: string) => `/v1/admin/clients/${clientId}/prompt-logging`;
    const turnOn = (clientId: string, body: unknown) =>
      t.request({ method: 'POST', url: url(clientId), token: admin.accessToken, body });
    const turnOff = (clientId: string) =>
      t.request({ method: 'DELETE', url: url(clientId), token: admin.accessToken });
    const untilOf = async (clientId: string) =>
      (
        await t.request({ method: 'GET', url: `/v1/admin/clients/${clientId}`, token: admin.accessToken })
      ).json().client.prompt_logging_until as string | null;
    const promptLines = (): LogLine[] =>
      lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.msg === promptLogMessage);
    const ask = async (session: TestSession, conversationId: string, content: string) => {
      const answer = await t.ask(session.accessToken, conversationId, content);
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toContain('event: complete');
    };

    it('refuses bad input with VALIDATION_ERROR and changes nothing; unknown client 404; off twice 409', async () => {
      for (const body of [
        {},
        { minutes: 30 },
        { minutes: 30, reason: '   ' },
        { minutes: 0, reason: 'debug' },
        { minutes: 24 * 60 + 1, reason: 'debug' },
        { minutes: 1.5, reason: 'debug' },
        { minutes: '30', reason: 'debug' },
        { minutes: 30, reason: 'x'.repeat(501) },
        { minutes: 30, reason: 'debug', client_id: other.clientId },
      ]) {
        const answer = await turnOn(owner.clientId, body);
        expect([JSON.stringify(body), answer.statusCode, answer.json().code]).toEqual([
          JSON.stringify(body),
          400,
          'VALIDATION_ERROR',
        ]);
      }
      expect(await untilOf(owner.clientId)).toBeNull();
      for (const id of ['0190f5f0-0000-7000-8000-000000000000', 'not-a-uuid']) {
        const missing = await turnOn(id, { reason: 'debug' });
        expect([missing.statusCode, missing.json().code]).toEqual([404, 'CLIENT_NOT_FOUND']);
        expect((await turnOff(id)).json().code).toBe('CLIENT_NOT_FOUND');
      }
      const alreadyOff = await turnOff(owner.clientId);
      expect([alreadyOff.statusCode, alreadyOff.json().code]).toEqual([409, 'CONFLICT']);
    });

    it("is refused to the client's own owner (403), who reads the state in /v1/me", async () => {
      const refused = await t.request({
        method: 'POST',
        url: url(owner.clientId),
        token: owner.accessToken,
        body: { minutes: 60, reason: 'I want it' },
      });
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
      const me = await t.request({ method: 'GET', url: '/v1/me', token: owner.accessToken });
      expect(me.json().client.prompt_logging_until).toBeNull();
    });

    it('logs nothing of a prompt while the switch is off (the default)', async () => {
      lines.length = 0;
      await ask(owner, ownerConversation, `Off-canary question, my key is ${pastedKey}`);
      expect(promptLines()).toEqual([]);
      const output = lines.join('');
      for (const text of ['Off-canary', 'Canary Shop clerk', pastedKey]) expect(output).not.toContain(text);
    });

    it("logs the prompt and answer of that client's runs only, secrets scrubbed, while on", async () => {
      const before = Date.now();
      const on = await turnOn(owner.clientId, { minutes: 30, reason: 'ticket 4242: wrong answers' });
      expect(on.statusCode).toBe(200);
      const until = Date.parse(on.json().prompt_logging_until);
      expect(until - before).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
      expect(until - before).toBeLessThanOrEqual(30 * 60_000 + 5000);
      expect(await untilOf(owner.clientId)).toBe(on.json().prompt_logging_until);
      const me = await t.request({ method: 'GET', url: '/v1/me', token: owner.accessToken });
      expect(me.json().client.prompt_logging_until).toBe(on.json().prompt_logging_until);

      lines.length = 0;
      await ask(owner, ownerConversation, `On-canary question, my key is ${pastedKey}`);
      await ask(other, otherConversation, 'Other-canary question');
      const logged = promptLines();
      expect(logged.map((line) => [line.client_id, line.prompt_phase])).toEqual([
        [owner.clientId, 'sent'],
        [owner.clientId, 'answered'],
      ]);
      const [sent, answered] = logged as [LogLine, LogLine];
      expect(sent.run_id).toBeTruthy();
      expect(answered.run_id).toBe(sent.run_id);
      expect(sent.system).toContain('You are the Canary Shop clerk.');
      const sentMessages = JSON.stringify(sent.messages);
      expect(sentMessages).toContain('On-canary question, my key is [redacted]');
      // The history sent with it: the earlier turn, while the switch was off, is part of this prompt.
      expect(sentMessages).toContain('Off-canary question');
      expect(answered).toMatchObject({ status: 'completed', answer: expect.any(String) });
      expect((answered.answer as string).length).toBeGreaterThan(0);
      const output = lines.join('');
      expect(output).not.toContain(pastedKey);
      expect(output).not.toContain('Other-canary');
    });

    it('stops logging once its time runs out, and when turned off; both audited in the client log', async () => {
      const short = await turnOn(owner.clientId, { minutes: 1, reason: 'one more look' });
      expect(short.statusCode).toBe(200);
      skewMs = 61_000;
      lines.length = 0;
      await ask(owner, ownerConversation, 'Expired-canary question');
      expect(promptLines()).toEqual([]);
      expect(lines.join('')).not.toContain('Expired-canary');
      const expired = await turnOff(owner.clientId);
      expect([expired.statusCode, expired.json().code]).toEqual([409, 'CONFLICT']);

      expect((await turnOn(owner.clientId, { reason: 'default hour' })).statusCode).toBe(200);
      const off = await turnOff(owner.clientId);
      expect([off.statusCode, off.json().prompt_logging_until]).toEqual([200, null]);
      lines.length = 0;
      await ask(owner, ownerConversation, 'After-off-canary question');
      expect(promptLines()).toEqual([]);

      const audit = await t.request({
        method: 'GET',
        url: '/v1/audit?action=admin.clients&limit=100',
        token: owner.accessToken,
      });
      const entries = audit
        .json()
        .data.filter((entry: { action: string }) => entry.action.includes('prompt_logging'))
        .map((entry: { action: string; actor_email: string; actor_type: string; data: object }) => ({
          action: entry.action,
          actor: [entry.actor_type, entry.actor_email],
          data: entry.data,
        }));
      const actor = ['platform_admin', admin.email];
      expect(entries).toEqual([
        { action: 'admin.clients.prompt_logging.off', actor, data: { was_until: expect.any(String) } },
        {
          action: 'admin.clients.prompt_logging.on',
          actor,
          data: { reason: 'default hour', minutes: 60, until: expect.any(String) },
        },
        {
          action: 'admin.clients.prompt_logging.on',
          actor,
          data: { reason: 'one more look', minutes: 1, until: expect.any(String) },
        },
        {
          action: 'admin.clients.prompt_logging.on',
          actor,
          data: { reason: 'ticket 4242: wrong answers', minutes: 30, until: expect.any(String) },
        },
      ]);
      const otherAudit = await t.request({
        method: 'GET',
        url: '/v1/audit?action=admin.clients',
        token: other.accessToken,
      });
      expect(JSON.stringify(otherAudit.json().data)).not.toContain('prompt_logging');
    });
  });
}
