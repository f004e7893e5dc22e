import { type Database, runEvents, withClient } from '@renum/db';
import type { ToolDefinition } from '@renum/runtime';
import { stableStringify } from '@renum/tools';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { eventBatchType, runEventsOfRows } from './run-event-rows.ts';

/**
 * What earlier attempts of a run got back from their tool calls, by tool and arguments: a run taken over
 * after its worker died (ADR 0009) answers again, and a call it repeats with the same arguments gets the
 * stored result instead of running twice (a message sent twice, a payment made twice). Only calls whose
 * result was stored (events are stored in batches, so the last few milliseconds before a crash may be
 * missing) and that succeeded are replayed; a failed one runs again.
 */
export type ToolReplay = Map<string, unknown[]>;

/** Reads the successful tool results of the run's earlier attempts from its stored events. */
export async function loadToolReplay(db: Database, clientId: string, runId: string): Promise<ToolReplay> {
  const rows = await withClient(db, clientId, (tx) =>
    tx
      .select({ payload: runEvents.payload })
      .from(runEvents)
      .where(
        and(
          eq(runEvents.run_id, runId),
          inArray(runEvents.type, ['tool_call', 'tool_result', eventBatchType]),
        ),
      )
      .orderBy(asc(runEvents.seq)),
  );
  const calls = new Map<string, string>();
  const replay: ToolReplay = new Map();
  for (const event of runEventsOfRows(rows)) {
    if (event.type === 'tool_call') calls.set(event.tool_call_id, replayKey(event.tool, event.params));
    if (event.type !== 'tool_result' || event.is_error) continue;
    const key = calls.get(event.tool_call_id);
    if (key) replay.set(key, [...(replay.get(key) ?? []), event.result]);
  }
  return replay;
}

/**
 * The tools with replay: a call whose tool and arguments match an earlier attempt's successful call takes
 * that call's result (each stored result serves one call); any other call runs.
 */
export function replayTools(tools: ToolDefinition[], replay: ToolReplay): ToolDefinition[] {
  if (replay.size === 0) return tools;
  return tools.map((tool) => ({
    ...tool,
    execute(input, context) {
      const stored = replay.get(replayKey(tool.name, input));
      if (stored && stored.length > 0) return stored.shift();
      return tool.execute(input, context);
    },
  }));
}

/** Tool name and arguments, with object keys sorted so the model's key order does not matter. */
function replayKey(tool: string, input: unknown): string {
  return `${tool}\u0000${stableStringify(input)}`;
}
