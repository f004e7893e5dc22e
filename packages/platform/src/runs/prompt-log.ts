import { scrubText, scrubValue } from '@renum/contracts';
import type { RunExecutionState } from '@renum/runtime';
import type { ModelMessage } from 'ai';
import type { PlatformLogger } from '../logger.ts';

/** The message of every opt-in prompt log line, to find them (and only them) in the logs. */
export const promptLogMessage = 'prompt logged (opt-in)';

/** Who a prompt log line is about. */
export interface PromptLogScope {
  runId: string;
  clientId: string;
  agentId: string;
  model: string;
}

function bindings(scope: PromptLogScope) {
  return { run_id: scope.runId, client_id: scope.clientId, agent_id: scope.agentId, model: scope.model };
}

/**
 * Logs what a run sends its model, at `info`: the system prompt and the other messages, with bearer
 * tokens, API keys and JWTs masked (the error reports' scrubbing). Called only while the client's switch
 * is on; one line per run, with {@link logPromptAnswer} the other.
 */
export function logPromptSent(
  logger: PlatformLogger,
  scope: PromptLogScope & { messages: readonly ModelMessage[] },
): void {
  const system = scope.messages
    .flatMap((message) => (message.role === 'system' ? [message.content] : []))
    .join('\n\n');
  const messages = scope.messages.filter((message) => message.role !== 'system');
  logger.info(
    { ...bindings(scope), prompt_phase: 'sent', system: scrubText(system), messages: scrubValue(messages) },
    promptLogMessage,
  );
}

/** Logs how the run's model call ended and the answer's text, scrubbed like {@link logPromptSent}. */
export function logPromptAnswer(
  logger: PlatformLogger,
  scope: PromptLogScope & { state: RunExecutionState },
): void {
  logger.info(
    {
      ...bindings(scope),
      prompt_phase: 'answered',
      status: scope.state.status,
      answer: scrubText(scope.state.text),
    },
    promptLogMessage,
  );
}
