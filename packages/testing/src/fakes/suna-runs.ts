import { sleep } from './http-io.ts';
import {
  generateSunaRun,
  type SunaEvent,
  type SunaMessageRow,
  type SunaRunScript,
  type SunaToolStep,
} from './suna-events.ts';
import { hashHex } from './text.ts';

/** Run status values of Suna. */
export type SunaRunStatus = 'running' | 'completed' | 'failed' | 'stopped';

/** A fake Suna agent run. */
export interface SunaRun {
  id: string;
  threadId: string;
  projectId: string;
  agentId: string | null;
  modelName: string;
  prompt: string;
  status: SunaRunStatus;
  startedAt: string;
  completedAt: string | null;
  error: string | null;
  /** Buffered events (each with `_event_id`), catch-up for new streams. */
  events: SunaEvent[];
  /** Live subscribers. */
  listeners: Set<(event: SunaEvent) => void>;
  /** Events after which the next stream connection is dropped (once), from the run's script. */
  dropStreamAfter: number | undefined;
}

/** A fake Suna thread. */
export interface SunaThread {
  id: string;
  projectId: string;
  name: string;
  createdAt: string;
  messages: SunaMessageRow[];
  runIds: string[];
}

/** Options of the run engine. */
export interface SunaEngineOptions {
  turns: SunaRunScript[];
  thinkTimeMs: number;
  eventDelayMs: number;
  terminalEventOnStop: boolean;
  defaultModel: string;
  /** The script of a run when none is queued. @defaultValue echo the prompt */
  defaultScript?: (prompt: string) => SunaRunScript;
  /** Runs a script's tool calls (through the agent's MCP server) before the run's events are generated. */
  callTools?: (run: SunaRun, steps: SunaToolStep[]) => Promise<SunaToolStep[]>;
}

/** The in-memory state and background runner of the Suna fake. */
export interface SunaEngine {
  threads: Map<string, SunaThread>;
  runs: Map<string, SunaRun>;
  /** Queued run scripts, consumed one per started run. */
  scripts: SunaRunScript[];
  newUuid: (kind: string) => string;
  createThread(name?: string): SunaThread;
  addMessage(
    thread: SunaThread,
    type: string,
    content: Record<string, unknown>,
    agentId?: string | null,
  ): void;
  startRun(
    thread: SunaThread,
    input: { prompt: string; agentId: string | null; modelName?: string },
  ): SunaRun;
  stopRun(run: SunaRun): void;
  close(): void;
}

/** Creates the run engine: runs execute in the background, as in Suna, whether or not anyone streams. */
export function createSunaEngine(options: SunaEngineOptions): SunaEngine {
  const threads = new Map<string, SunaThread>();
  const runs = new Map<string, SunaRun>();
  const lifetime = new AbortController();
  const stopWaiters = new Map<string, () => void>();
  const scripts = [...options.turns];
  let counter = 0;
  const newUuid = (kind: string): string => {
    counter += 1;
    const hex = hashHex(`${kind}:${counter}`, 32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };

  const addMessage: SunaEngine['addMessage'] = (thread, type, content, agentId = null) => {
    const now = new Date().toISOString();
    thread.messages.push({
      message_id: newUuid('message'),
      thread_id: thread.id,
      type,
      is_llm_message: type === 'user' || type === 'assistant' || type === 'tool',
      content,
      metadata: {},
      created_at: now,
      updated_at: now,
      agent_id: agentId,
    });
  };

  const publish = (run: SunaRun, event: SunaEvent): void => {
    const stamped = { ...event, _event_id: `${Date.parse(run.startedAt)}-${run.events.length}` };
    run.events.push(stamped);
    for (const listener of [...run.listeners]) listener(stamped);
  };

  const finish = (run: SunaRun, status: SunaRunStatus, error: string | null, message: string): void => {
    if (run.status !== 'running') return;
    run.status = status;
    run.error = error;
    run.completedAt = new Date().toISOString();
    if (status !== 'stopped' || options.terminalEventOnStop)
      publish(run, { type: 'status', status, message });
    stopWaiters.get(run.id)?.();
  };

  const drive = async (run: SunaRun, thread: SunaThread, script: SunaRunScript): Promise<void> => {
    const signal = lifetime.signal;
    const ctx = {
      threadId: run.threadId,
      runId: run.id,
      model: run.modelName,
      prompt: run.prompt,
      newId: () => newUuid('event'),
    };
    const toolCalls =
      script.toolCalls && options.callTools
        ? await options.callTools(run, script.toolCalls)
        : script.toolCalls;
    const generated = generateSunaRun({ ...script, ...(toolCalls ? { toolCalls } : {}) }, ctx);
    await sleep(script.thinkTimeMs ?? options.thinkTimeMs, signal);
    for (const [index, event] of generated.events.entries()) {
      if (run.status !== 'running' || signal.aborted) return;
      if (index > 0) await sleep(script.eventDelayMs ?? options.eventDelayMs, signal);
      if (run.status !== 'running' || signal.aborted) return;
      publish(run, event);
    }
    if (script.hang) {
      await new Promise<void>((resolve) => {
        stopWaiters.set(run.id, resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      stopWaiters.delete(run.id);
      return;
    }
    if (run.status !== 'running') return;
    const now = new Date().toISOString();
    for (const row of generated.rows) {
      thread.messages.push({
        ...row,
        thread_id: thread.id,
        created_at: now,
        updated_at: now,
        agent_id: run.agentId,
      });
    }
    if (script.fail != null) {
      publish(run, { type: 'error', error: script.fail, error_code: 'AGENT_RUN_FAILED' });
      finish(run, 'failed', script.fail, script.fail);
      return;
    }
    finish(run, 'completed', null, 'Agent run completed successfully');
  };

  return {
    threads,
    runs,
    scripts,
    newUuid,
    createThread(name = 'New Thread') {
      const thread: SunaThread = {
        id: newUuid('thread'),
        projectId: newUuid('project'),
        name,
        createdAt: new Date().toISOString(),
        messages: [],
        runIds: [],
      };
      threads.set(thread.id, thread);
      return thread;
    },
    addMessage,
    startRun(thread, input) {
      const run: SunaRun = {
        id: newUuid('run'),
        threadId: thread.id,
        projectId: thread.projectId,
        agentId: input.agentId,
        modelName: input.modelName ?? options.defaultModel,
        prompt: input.prompt,
        status: 'running',
        startedAt: new Date().toISOString(),
        completedAt: null,
        error: null,
        events: [],
        listeners: new Set(),
        dropStreamAfter: undefined,
      };
      runs.set(run.id, run);
      thread.runIds.push(run.id);
      const script = scripts.shift() ?? options.defaultScript?.(input.prompt) ?? {};
      run.dropStreamAfter = script.dropStreamAfter;
      drive(run, thread, script).catch((error: unknown) => {
        finish(run, 'failed', (error as Error).message, (error as Error).message);
      });
      return run;
    },
    stopRun(run) {
      finish(run, 'stopped', null, 'Agent run stopped');
    },
    close() {
      lifetime.abort();
      for (const run of runs.values()) run.listeners.clear();
    },
  };
}
