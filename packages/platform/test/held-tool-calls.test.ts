import type { RunEventDraft } from '@renum/contracts';
import type { ToolCallRecord } from '@renum/tools';
import { describe, expect, it } from 'vitest';
import { createHeldToolCalls } from '../src/runs/held-tool-calls.ts';

const record = (tool: string) => ({ tool }) as ToolCallRecord;
const result = (toolCallId: string) => ({ type: 'tool_result', tool_call_id: toolCallId }) as RunEventDraft;
const tools = (calls: { record: ToolCallRecord }[]) => calls.map((call) => call.record.tool);
const at = new Date('2026-12-06T12:00:00Z');

describe('held tool calls (ADR 0075)', () => {
  it('makes a call pending only when its own tool_result is emitted', () => {
    const calls = createHeldToolCalls();
    calls.hold('a', record('first'), at);
    calls.hold('b', record('second'), at);
    calls.release({ type: 'content', content: 'x' } as RunEventDraft);
    calls.release(result('unknown'));
    expect(calls.take()).toEqual([]);
    calls.release(result('b'));
    expect(tools(calls.take())).toEqual(['second']);
    expect(calls.take()).toEqual([]);
  });

  it('takes every call at the run’s end and gives them back as they were when that write fails', () => {
    const calls = createHeldToolCalls();
    calls.hold('a', record('answered'), at);
    calls.hold('b', record('aborted'), at);
    calls.release(result('a'));
    const end = calls.takeAll();
    expect(tools(end.calls)).toEqual(['answered', 'aborted']);
    expect(calls.take()).toEqual([]);
    end.restore();
    // The answered call is pending again; the unanswered one is held again, not written by the next batch.
    expect(tools(calls.take())).toEqual(['answered']);
    expect(tools(calls.takeAll().calls)).toEqual(['aborted']);
  });
});
