import { createRenumClient, memorySessionStore, RenumApiError } from '@renum/sdk';
import { describe, expect, it } from 'vitest';
import { listeningTestApp } from './listening-test-app.ts';

/** The typed SDK against the real server over HTTP (what the web builder uses). */
describe('SDK against the server', () => {
  const server = listeningTestApp();

  it('signs up, shows field errors from the server, and streams a chat answer', async () => {
    const client = createRenumClient({ baseUrl: server.baseUrl });
    const invalid = await client.auth
      .signup({ email: 'not-an-email', password: 'short', name: 'A', client_name: 'B' })
      .catch((error: unknown) => error);
    expect(RenumApiError.isInstance(invalid)).toBe(true);
    expect((invalid as RenumApiError).code).toBe('VALIDATION_ERROR');
    expect(Object.keys((invalid as RenumApiError).fields).sort()).toEqual(['email', 'password']);

    const session = await client.auth.signup({
      email: `sdk-${Date.now()}@example.com`,
      password: 'correct horse battery',
      name: 'Ana',
      client_name: 'SDK Company',
    });
    expect((await client.me.get()).client?.id).toBe(session.client?.id);

    const agent = await client.agents.create({ name: 'Helper', system_prompt: 'You help.' });
    const conversation = await client.conversations.create(agent.id);
    const types: string[] = [];
    let text = '';
    let runId = '';
    for await (const event of client.messages.stream(conversation.id, 'Hello!')) {
      types.push(event.type);
      runId = event.run_id;
      if (event.type === 'content') text += event.content;
      if (event.type === 'complete') expect(event.content).toBe(text);
    }
    expect(types[0]).toBe('status');
    expect(types.at(-1)).toBe('complete');
    expect(text.length).toBeGreaterThan(0);
    expect((await client.runs.get(runId)).status).toBe('completed');
    const listed = await client.runs.list({ conversation_id: conversation.id, status: 'completed' });
    expect(listed.data.map((run) => run.id)).toEqual([runId]);

    // A finished run's stream replays and ends; resuming after a seq skips what was seen.
    const replay: number[] = [];
    for await (const event of client.runs.events(runId)) replay.push(event.seq);
    expect(replay.length).toBe(types.length);
    const tail: number[] = [];
    for await (const event of client.runs.events(runId, { afterSeq: replay.at(-3)! })) tail.push(event.seq);
    expect(tail).toEqual(replay.slice(-2));

    const messages = await client.messages.list(conversation.id);
    expect(messages.data.map((message) => message.role)).toEqual(['user', 'assistant']);

    // A send retried with its Idempotency-Key answers the first run and stores nothing twice.
    const again = await client.conversations.create(agent.id);
    const first = await client.messages.send(again.id, 'Once', { idempotencyKey: 'sdk-retry-1' });
    const retried = await client.messages.send(again.id, 'Once', { idempotencyKey: 'sdk-retry-1' });
    expect(retried.run_id).toBe(first.run_id);
    expect((await client.messages.list(again.id)).data.filter((m) => m.role === 'user')).toHaveLength(1);
    await client.runs.stop(first.run_id!);

    const missing = await client.agents.get('0190a000-0000-7000-8000-000000000000').catch((error) => error);
    expect(missing).toMatchObject({ status: 404, code: 'AGENT_NOT_FOUND' });
  });

  it('rotates the real refresh token once for concurrent 401s (reuse would revoke the session)', async () => {
    const owner = await server.testApp.signup();
    const store = memorySessionStore({
      accessToken: 'not-a-valid-token',
      refreshToken: owner.refreshToken,
      accessExpiresAt: Date.now() + 60_000,
    });
    const client = createRenumClient({ baseUrl: server.baseUrl, session: store });
    const answers = await Promise.all(Array.from({ length: 6 }, () => client.agents.list()));
    expect(answers).toHaveLength(6);
    const rotated = store.load()!;
    expect(rotated.refreshToken).not.toBe(owner.refreshToken);
    // The session is still alive: the new refresh token works once more.
    expect(await client.auth.refresh()).not.toBeNull();

    expect(await client.auth.logout()).toBe(true);
    expect(store.load()).toBeNull();
    const refused = await server.testApp.refresh(rotated.refreshToken);
    expect(refused.statusCode).toBe(401);
  });

  it('logs out here even when the server cannot be reached, and says the server was not told', async () => {
    const store = memorySessionStore();
    store.save({ accessToken: 'a', refreshToken: 'r'.repeat(32), accessExpiresAt: Date.now() + 60_000 });
    // A port nothing listens on (loopback): the revocation request fails.
    const client = createRenumClient({ baseUrl: 'http://127.0.0.1:9', session: store });
    expect(await client.auth.logout()).toBe(false);
    expect(store.load()).toBeNull();
  });

  it('creates a team, shows its validation problems, runs it and follows its events to the end', async () => {
    const owner = await server.testApp.signup();
    const client = createRenumClient({ baseUrl: server.baseUrl });
    await client.auth.login({ email: owner.email, password: owner.password });
    const first = await client.agents.create({ name: 'Researcher', system_prompt: 'You research.' });
    const second = await client.agents.create({ name: 'Writer', system_prompt: 'You write.' });
    const backwards = {
      type: 'sequential' as const,
      agents: [
        {
          agent_id: first.id,
          role: 'researcher',
          input: { source: 'agent_result' as const, agent_id: second.id },
        },
        { agent_id: second.id, role: 'writer' },
      ],
    };
    const checked = await client.teams.validate(backwards);
    expect(checked).toMatchObject({
      valid: false,
      problems: [{ field: 'workflow_definition.agents.0.input.agent_id', step: 0 }],
    });
    const refused = await client.teams
      .create({ name: 'T', workflow_definition: backwards })
      .catch((error) => error);
    expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_ERROR' });
    const team = await client.teams.create({
      name: 'T',
      workflow_definition: {
        type: 'sequential',
        agents: [
          { agent_id: first.id, role: 'researcher' },
          { agent_id: second.id, role: 'writer', input: { source: 'agent_result', agent_id: first.id } },
        ],
      },
    });
    const { execution_id: executionId } = await client.teams.execute(team.id, 'Solar energy', {
      idempotencyKey: 'sdk-solar',
    });
    // The same start retried answers the same execution (the key reaches the API as its header).
    const retried = await client.teams.execute(team.id, 'Solar energy', { idempotencyKey: 'sdk-solar' });
    expect(retried.execution_id).toBe(executionId);
    const seen: string[] = [];
    for await (const event of client.teamExecutions.events(executionId)) seen.push(event.type);
    expect(seen.filter((type) => type === 'step_end')).toHaveLength(2);
    expect(seen.at(-1)).toBe('complete');
    const execution = await client.teamExecutions.get(executionId);
    expect(execution.status).toBe('completed');
    expect((await client.teams.executions(team.id)).data.map((listed) => listed.id)).toEqual([executionId]);
  });
});
