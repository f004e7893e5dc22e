import { randomUUID } from 'node:crypto';
import type { RunEventDraft } from '@renum/contracts';
import { defineTool, type ToolDefinition } from '@renum/runtime';
import { testDatabaseTargets } from '@renum/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryEventBus } from '../src/runs/event-bus.ts';
import { openRunEventWriter } from '../src/runs/run-event-writer.ts';
import { loadToolReplay, replayTools } from '../src/runs/tool-replay.ts';
import { insertRun, withRunOwner } from './run-event-fixtures.ts';

const target = testDatabaseTargets()[0]!;

describe('tool calls of a taken-over run are not made twice', () => {
  const suite = withRunOwner(target);
  const { owner } = suite;

  /** A tool with a side effect: each real call is counted. */
  const sender = () => {
    const sent: string[] = [];
    const tool = defineTool({
      name: 'send_message',
      description: 'Sends a message',
      inputSchema: z.object({ to: z.string(), text: z.string() }),
      execute: async ({ to, text }) => {
        sent.push(`${to}: ${text}`);
        return { delivered: true, id: `m${sent.length}` };
      },
    }) as unknown as ToolDefinition;
    return { sent, tool };
  };

  /** Stores the events an earlier attempt of a run emitted before its worker died. */
  async function earlierAttempt(drafts: RunEventDraft[]) {
    const ids = await insertRun(suite.db, owner, { status: 'running' });
    const writer = await openRunEventWriter({
      db: suite.db,
      bus: createMemoryEventBus(),
      clientId: owner.clientId,
      ...ids,
      clock: () => new Date(),
      newId: randomUUID,
    });
    for (const draft of drafts) writer.emit(draft);
    await writer.close();
    return ids.runId;
  }
  const call = (id: string, params: Record<string, unknown>) =>
    ({ type: 'tool_call', tool: 'send_message', tool_call_id: id, params, content: '…' }) as RunEventDraft;
  const result = (id: string, value: unknown, isError = false) =>
    ({
      type: 'tool_result',
      tool: 'send_message',
      tool_call_id: id,
      result: value,
      is_error: isError,
      duration_ms: 3,
      attempts: 1,
      content: '…',
    }) as RunEventDraft;

  it('answers a repeated call from the stored result, once per stored call, and runs the rest', async () => {
    const runId = await earlierAttempt([
      call('a', { to: '+5511', text: 'Olá' }),
      result('a', { delivered: true, id: 'm-earlier' }),
      call('b', { to: '+5522', text: 'Oi' }),
      result('b', { error: 'upstream 503' }, true),
    ]);
    const { sent, tool } = sender();
    const [replayed] = replayTools([tool], await loadToolReplay(suite.db, owner.clientId, runId));
    const context = { toolCallId: 'new' };
    // Same call, keys in another order: the stored result, nothing sent.
    expect(await replayed!.execute({ text: 'Olá', to: '+5511' }, context)).toEqual({
      delivered: true,
      id: 'm-earlier',
    });
    expect(sent).toEqual([]);
    // The same call a second time in this attempt is a new call: it runs.
    await replayed!.execute({ to: '+5511', text: 'Olá' }, context);
    // The earlier failure is tried again, and another call runs.
    await replayed!.execute({ to: '+5522', text: 'Oi' }, context);
    await replayed!.execute({ to: '+5533', text: 'Novo' }, context);
    expect(sent).toEqual(['+5511: Olá', '+5522: Oi', '+5533: Novo']);
  });

  it('replays nothing for a run without earlier tool calls, nor another client’s run', async () => {
    const runId = await earlierAttempt([call('a', { to: '+5511', text: 'Olá' }), result('a', { ok: 1 })]);
    expect((await loadToolReplay(suite.db, randomUUID(), runId)).size).toBe(0);
    const fresh = await earlierAttempt([]);
    const { tool } = sender();
    const tools = [tool];
    expect(replayTools(tools, await loadToolReplay(suite.db, owner.clientId, fresh))).toBe(tools);
  });
});
