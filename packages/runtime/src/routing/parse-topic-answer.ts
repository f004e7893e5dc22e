import { matchTopics, type RoutableSubAgent, type TopicMatch } from './match-topics.ts';
import { TOPIC_ANALYSIS_ANSWER_LABEL } from './topic-analysis-prompt.ts';

/**
 * Maps a model's answer to a topic-analysis prompt back to a sub-agent, with the same matching as the
 * fast path ({@link matchTopics}): case, accents, plurals and suffixes do not matter. A leading
 * "Tópico:" echoed by the model is ignored. Returns `null` when the answer names no topic of an active
 * sub-agent (e.g. "nenhum").
 */
export function parseTopicAnswer<SUB_AGENT extends RoutableSubAgent>(
  text: string,
  subAgents: readonly SUB_AGENT[],
): TopicMatch<SUB_AGENT> | null {
  let answer = text.trim();
  if (answer.startsWith(TOPIC_ANALYSIS_ANSWER_LABEL))
    answer = answer.slice(TOPIC_ANALYSIS_ANSWER_LABEL.length);
  return matchTopics({ message: answer, subAgents });
}
