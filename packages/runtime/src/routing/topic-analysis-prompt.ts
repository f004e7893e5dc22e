import type { RoutableSubAgent } from './match-topics.ts';

/** First line of every topic-analysis prompt; models (the offline one included) recognise the task by it. */
export const TOPIC_ANALYSIS_HEADER = 'Analise a mensagem abaixo e identifique o tópico principal.';

/** Label of the line that lists the known topics. */
export const TOPIC_ANALYSIS_TOPICS_LABEL = 'Tópicos conhecidos:';

/** Label that precedes the user's message. */
export const TOPIC_ANALYSIS_MESSAGE_LABEL = 'Mensagem:';

/** Label of the last line, after which the model writes its one-word answer. */
export const TOPIC_ANALYSIS_ANSWER_LABEL = 'Tópico:';

/** The word a model answers when no known topic applies. */
export const TOPIC_ANALYSIS_NO_TOPIC = 'nenhum';

/** Options of {@link buildTopicAnalysisPrompt}. */
export interface TopicAnalysisPromptOptions {
  /** The user's message to classify. */
  readonly message: string;
  /** Topics the answer should be chosen from (duplicates and blanks are dropped, order kept). */
  readonly topics: readonly string[];
}

/** What {@link readTopicAnalysisPrompt} recovers from a prompt built by {@link buildTopicAnalysisPrompt}. */
export interface TopicAnalysisRequest {
  /** The message to classify. */
  readonly message: string;
  /** The known topics, in prompt order. */
  readonly topics: readonly string[];
}

function uniqueTopics(topics: readonly string[]): string[] {
  return [...new Set(topics.map((topic) => topic.trim()).filter((topic) => topic !== ''))];
}

/**
 * Builds seed 003's topic-analysis prompt: asks the model for a single keyword naming the message's main
 * topic, chosen among `topics`, or {@link TOPIC_ANALYSIS_NO_TOPIC} when none applies. Send it as the user
 * prompt and map the answer back with `parseTopicAnswer`.
 */
export function buildTopicAnalysisPrompt(options: TopicAnalysisPromptOptions): string {
  return [
    TOPIC_ANALYSIS_HEADER,
    `Retorne apenas uma palavra-chave, escolhida entre os tópicos conhecidos; se nenhum se aplicar, responda "${TOPIC_ANALYSIS_NO_TOPIC}".`,
    `${TOPIC_ANALYSIS_TOPICS_LABEL} ${uniqueTopics(options.topics).join(', ')}`,
    '',
    `${TOPIC_ANALYSIS_MESSAGE_LABEL} ${options.message.trim()}`,
    '',
    TOPIC_ANALYSIS_ANSWER_LABEL,
  ].join('\n');
}

/**
 * Recognises a prompt made by {@link buildTopicAnalysisPrompt} and returns its message and topics, or
 * `null` when `text` is not such a prompt. The message is everything between the message label and the
 * last answer label, so a message that itself contains the labels is still read whole.
 */
export function readTopicAnalysisPrompt(text: string): TopicAnalysisRequest | null {
  if (!text.trimStart().startsWith(TOPIC_ANALYSIS_HEADER)) return null;
  const topicsLine = text.split('\n').find((line) => line.startsWith(TOPIC_ANALYSIS_TOPICS_LABEL));
  const messageStart = text.indexOf(`\n${TOPIC_ANALYSIS_MESSAGE_LABEL}`);
  const answerStart = text.lastIndexOf(`\n${TOPIC_ANALYSIS_ANSWER_LABEL}`);
  if (messageStart < 0 || answerStart <= messageStart) return null;
  const message = text.slice(messageStart + TOPIC_ANALYSIS_MESSAGE_LABEL.length + 1, answerStart).trim();
  const topics = uniqueTopics((topicsLine ?? '').slice(TOPIC_ANALYSIS_TOPICS_LABEL.length).split(','));
  return { message, topics };
}

/** The topics of the active sub-agents, in order and without duplicates: the list to offer the model. */
export function collectActiveTopics(subAgents: readonly RoutableSubAgent[]): string[] {
  return uniqueTopics(
    subAgents.filter((subAgent) => subAgent.isActive).flatMap((subAgent) => subAgent.topics),
  );
}
