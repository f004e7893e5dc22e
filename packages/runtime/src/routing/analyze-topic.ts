import type { LanguageModelV4 } from '@ai-sdk/provider';
import { generateText } from 'ai';
import type { RoutableSubAgent, TopicMatch } from './match-topics.ts';
import { parseTopicAnswer } from './parse-topic-answer.ts';
import { buildTopicAnalysisPrompt, collectActiveTopics } from './topic-analysis-prompt.ts';

/**
 * Seed 003's topic analysis: asks the agent's model for the message's one-word topic and maps the
 * answer to a sub-agent the way the fast match does. Null when the model names no known topic.
 */
export async function analyzeTopic<SUB_AGENT extends RoutableSubAgent>(options: {
  model: LanguageModelV4;
  message: string;
  subAgents: readonly SUB_AGENT[];
  abortSignal?: AbortSignal | undefined;
  /** @defaultValue 10_000 */
  timeoutMs?: number;
}): Promise<{
  match: TopicMatch<SUB_AGENT> | null;
  answer: string;
  inputTokens: number;
  outputTokens: number;
}> {
  const prompt = buildTopicAnalysisPrompt({
    message: options.message,
    topics: collectActiveTopics(options.subAgents),
  });
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 10_000), options.abortSignal].filter(
    (signal): signal is AbortSignal => signal !== undefined,
  );
  const result = await generateText({
    model: options.model,
    prompt,
    maxOutputTokens: 16,
    maxRetries: 1,
    abortSignal: AbortSignal.any(signals),
  });
  return {
    match: parseTopicAnswer(result.text, options.subAgents),
    answer: result.text.trim(),
    inputTokens: result.usage.inputTokens ?? 0,
    outputTokens: result.usage.outputTokens ?? 0,
  };
}
