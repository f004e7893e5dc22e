import { openDatabase } from '@renum/db';
import { createMigratedTestDatabase, type TestDatabaseTarget, testPostgresUrl } from '@renum/testing';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

// DATABASE_PREPARED_STATEMENTS=false (openDatabase's `preparedStatements: false`) is for transaction-mode
// poolers (PgBouncer, Supabase's Supavisor): they give each transaction whichever server connection is
// free, so a statement the driver prepared under a name on one is missing on the next. With one pooled
// connection, `deallocate all` between two turns does to the server side exactly that.
const postgresUrl = testPostgresUrl();

/** Postgres behind a pool of one connection, with named statements on or off. */
function singleConnection(preparedStatements: boolean): TestDatabaseTarget {
  return {
    name: 'postgres',
    skipReason: null,
    open: async () => {
      const database = await createMigratedTestDatabase('prepared');
      if (!database) throw new Error('Postgres is not available for this run');
      return openDatabase({ kind: 'postgres', url: database.url, poolSize: 1, preparedStatements });
    },
  };
}

/** Signs up, creates an agent and opens a conversation with it. */
async function conversationOf(t: TestApp) {
  const { owner, conversationId } = await t.startConversation({
    name: 'Atendimento',
    system_prompt: 'Você é o atendente.',
    model: 'offline/renum',
  });
  return { token: owner.accessToken, conversationId };
}

/** Names of the statements prepared on the pool's one connection. */
async function preparedNames(t: TestApp): Promise<string[]> {
  const rows = await t.handle.query<{ name: string }>(
    `select name from pg_prepared_statements where name like 'renum_%' order by name`,
  );
  return rows.map((row) => row.name);
}

/** Event names of an SSE answer, in order. */
function eventNames(body: string): string[] {
  return [...body.matchAll(/^event: (.+)$/gm)].map((match) => match[1] ?? '');
}

describe.skipIf(postgresUrl === null)('named prepared statements (Postgres)', () => {
  it('off: chat turns prepare nothing by name and survive the server forgetting statements', async () => {
    const t = await createTestApp(singleConnection(false), {
      models: { offline: { chunkDelayMs: 0 } },
    });
    try {
      const { token, conversationId } = await conversationOf(t);
      const first = await t.ask(token, conversationId, 'Olá');
      expect(first.statusCode).toBe(200);
      expect(eventNames(first.body).at(-1)).toBe('complete');
      expect(await preparedNames(t)).toEqual([]);
      // What a transaction-mode pooler does: the next transaction lands on a connection without them.
      await t.handle.query('deallocate all');
      const second = await t.ask(token, conversationId, 'Tudo bem?');
      expect(second.statusCode).toBe(200);
      expect(eventNames(second.body).at(-1)).toBe('complete');
      const messages = await t.request({
        method: 'GET',
        url: `/v1/conversations/${conversationId}/messages`,
        token,
      });
      expect(messages.json().data.map((message: { role: string }) => message.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ]);
    } finally {
      await t.close();
    }
  });

  it('off: a team runs to its end, each statement waiting for the one before (no pipeline)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    const t = await createTestApp(singleConnection(false), {
      models: { offline: { chunkDelayMs: 0 } },
    });
    try {
      const owner = await t.signup();
      const make = (name: string) =>
        t.createAgent(owner.accessToken, { name, system_prompt: `Você é ${name}.`, model: 'offline/renum' });
      const [first, second] = [await make('Primeiro'), await make('Segundo')];
      const team = await t.createTeam(owner.accessToken, {
        type: 'sequential',
        agents: [
          { agent_id: first.id, role: 'primeiro', input: { source: 'initial_prompt' } },
          { agent_id: second.id, role: 'segundo', input: { source: 'agent_result', agent_id: first.id } },
        ],
      });
      const executionId = await t.startExecution(owner.accessToken, team.id, 'Olá');
      const { stream, execution } = await t.finishExecution(owner.accessToken, executionId);
      expect(stream).toContain('"type":"step_end"');
      expect(execution.status).toBe('completed');
      expect(await preparedNames(t)).toEqual([]);
      // node-postgres warns when a statement is queued behind two others: none is, without pipeline mode.
      expect(warnings.filter((warning) => warning.includes('already executing'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await t.close();
    }
  });

  it('on (the default): the run read is prepared once per connection under its name', async () => {
    const t = await createTestApp(singleConnection(true), {
      models: { offline: { chunkDelayMs: 0 } },
    });
    try {
      const { token, conversationId } = await conversationOf(t);
      const response = await t.ask(token, conversationId, 'Olá');
      expect(eventNames(response.body).at(-1)).toBe('complete');
      expect(await preparedNames(t)).toContain('renum_run_inputs_lock');
    } finally {
      await t.close();
    }
  });
});
