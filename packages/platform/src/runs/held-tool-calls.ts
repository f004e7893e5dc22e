import type { RunEventDraft } from '@renum/contracts';
import type { ToolCallRecord } from '@renum/tools';
import type { TimedToolCallRecord } from './record-tool-calls.ts';

/**
 * A run's proxied calls on their way to the ledger (ADR 0075): each record is held until the call's
 * `tool_result` event is emitted, then pending with the batch that holds that event, so the two are
 * stored by one transaction.
 */
export interface HeldToolCalls {
  /** Holds a call's record until its `tool_result`. */
  hold(toolCallId: string, record: ToolCallRecord, at: Date): void;
  /** Called with every event emitted: a `tool_result` makes its call pending. */
  release(draft: RunEventDraft): void;
  /** Takes the pending calls, for the batch being written. */
  take(): TimedToolCallRecord[];
  /**
   * Takes every call, pending and held, for the run's terminal write (a call whose result never came, as in
   * an aborted step, is metered with the run's end); `restore` gives them back as they were if it fails.
   */
  takeAll(): { calls: TimedToolCallRecord[]; restore: () => void };
}

/** Creates the {@link HeldToolCalls} of one run's event writer. */
export function createHeldToolCalls(): HeldToolCalls {
  const held = new Map<string, TimedToolCallRecord>();
  let pending: TimedToolCallRecord[] = [];
  return {
    hold(toolCallId, record, at) {
      held.set(toolCallId, { record, at });
    },
    release(draft) {
      if (draft.type !== 'tool_result') return;
      const call = held.get(draft.tool_call_id);
      if (!call) return;
      held.delete(draft.tool_call_id);
      pending.push(call);
    },
    take() {
      const taken = pending;
      pending = [];
      return taken;
    },
    takeAll() {
      const taken = pending;
      const unanswered = [...held];
      pending = [];
      held.clear();
      return {
        calls: [...taken, ...unanswered.map(([, call]) => call)],
        restore: () => {
          pending = [...taken, ...pending];
          for (const [id, call] of unanswered) held.set(id, call);
        },
      };
    },
  };
}
