import { randomUUID } from 'node:crypto';
import type { RunEventDraft } from '@renum/contracts';
import { withClient } from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import type { ToolCallRecord } from '@renum/tools';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMemoryEventBus } from '../src/runs/event-bus.ts';
import { readRunEvents } from '../src/runs/read-run-events.ts';
import { openRunEventWriter } from '../src/runs/run-event-writer.ts';
import { complete, insertRun, withRunOwner } from './run-event-fixtures.ts';

/**
 * ADR 0075: a proxied call a run makes is metered in the transaction that stores its `tool_result`
 * event, so a crash keeps both or neither (a run taken over replays only stored results, so the call is
 * made, and metered, once).
 */
for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(`tool calls metered with their events (${target.name})`, () => {
    const suite = withRunOwner(target);
    const { owner } = suite;

    const record = (runId: string, overrides: Partial<ToolCallRecord> = {}): ToolCallRecord => ({
      clientId: owner.clientId,
      agentId: owner.agentId,
      runId,
      tool: 'web_search',
      service: 'tavily',
      credentialId: null,
      status: 'ok',
      attempts: 1,
      durationMs: 3.2,
      bytes: 900,
      cached: false,
      units: 1,
      costUsd: 0.008,
      ...overrides,
    });
    const toolResult = (toolCallId: string): RunEventDraft =>
      ({
        type: 'tool_result',
        tool: 'web_search',
        tool_call_id: toolCallId,
        result: { results: [] },
        is_error: false,
        duration_ms: 3,
        attempts: 1,
        content: 'web_search finished in 3 ms',
      }) as RunEventDraft;
    const ledger = (runId: string) =>
      withClient(suite.db, owner.clientId, (tx) =>
        tx.execute(
          sql`select tool_name, units::float8 as units, cost_usd::float8 as cost_usd from renum_ai_usage_logs where run_id = ${runId} and kind = 'tool'`,
        ),
      ).then(
        (result) =>
          (result as unknown as { rows: { tool_name: string; units: number; cost_usd: number }[] }).rows,
      );
    const storedTypes = async (ids: { conversationId: string; runId: string }) =>
      (
        await readRunEvents({
          db: suite.db,
          clientId: owner.clientId,
          streamId: ids.conversationId,
          afterSeq: 0,
        })
      ).map((event) => event.type);
    const open = async (onPersistError?: (error: unknown) => void) => {
      const ids = await insertRun(suite.db, owner, { status: 'running' });
      const writer = await openRunEventWriter({
        db: suite.db,
        bus: createMemoryEventBus(),
        clientId: owner.clientId,
        ...ids,
        clock: () => new Date(),
        newId: randomUUID,
        flushIntervalMs: 60_000,
        onPersistError,
      });
      return { ids, writer };
    };

    it('stores a held call with the batch that holds its tool_result, not before', async () => {
      const { ids, writer } = await open();
      writer.holdToolCall('call-1', record(ids.runId));
      writer.emit({ type: 'status', status: 'running', content: '…' } as RunEventDraft);
      await writer.flush();
      // The call's result is not stored yet: a crash now would make the call again, so it is not metered.
      expect(await storedTypes(ids)).toEqual(['status']);
      expect(await ledger(ids.runId)).toEqual([]);

      writer.emit(toolResult('call-1'));
      await writer.flush();
      expect(await storedTypes(ids)).toEqual(['status', 'tool_result']);
      expect(await ledger(ids.runId)).toEqual([{ tool_name: 'web_search', units: 1, cost_usd: 0.008 }]);
      await writer.close();
    });

    it('loses a call with its event when their batch cannot be stored: both or neither', async () => {
      const failures: unknown[] = [];
      const { ids, writer } = await open((error) => failures.push(error));
      // A record of another client cannot be written under this run's client scope: the batch fails.
      writer.holdToolCall('call-x', record(ids.runId, { clientId: randomUUID() }));
      writer.emit(toolResult('call-x'));
      await writer.flush();
      expect(failures).toHaveLength(1);
      expect(await storedTypes(ids)).toEqual([]);
      expect(await ledger(ids.runId)).toEqual([]);
      await writer.close();
    });

    it('meters a call whose result never came with the terminal event', async () => {
      const { ids, writer } = await open();
      writer.holdToolCall('call-answered', record(ids.runId, { tool: 'answered' }));
      writer.holdToolCall('call-aborted', record(ids.runId, { tool: 'aborted', status: 'error', units: 0 }));
      writer.emit(toolResult('call-answered'));
      await writer.idle();
      await withClient(suite.db, owner.clientId, (tx) => writer.writeTerminal(tx, complete()));
      expect(await storedTypes(ids)).toEqual(['tool_result', 'complete']);
      const rows = await ledger(ids.runId);
      expect(rows.map((row) => row.tool_name).sort()).toEqual(['aborted', 'answered']);
      await writer.close();
    });
  });
}
