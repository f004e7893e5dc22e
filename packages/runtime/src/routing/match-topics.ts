import { stemText } from './stem-word.ts';

/** The fields of a sub-agent that routing reads; callers may pass richer objects and get them back. */
export interface RoutableSubAgent {
  /** Stable identifier of the sub-agent. */
  readonly id: string;
  /** Display name, e.g. "Cobrança". */
  readonly name: string;
  /** Words or short phrases the sub-agent handles, e.g. `["pagamento", "segunda via"]`. */
  readonly topics: readonly string[];
  /** Inactive sub-agents never match. */
  readonly isActive: boolean;
}

/** The sub-agent chosen for a message, with the evidence. */
export interface TopicMatch<SUB_AGENT extends RoutableSubAgent = RoutableSubAgent> {
  /** The chosen sub-agent (the same object that was passed in). */
  readonly subAgent: SUB_AGENT;
  /** The sub-agent's topics found in the message, as configured, in the order they were configured. */
  readonly matchedTopics: readonly string[];
  /** Sum over matched topics of their length in words, so a phrase outweighs a single word. */
  readonly score: number;
}

/** Options of {@link matchTopics}. */
export interface MatchTopicsOptions<SUB_AGENT extends RoutableSubAgent> {
  /** The user's message (any language, case or accents). */
  readonly message: string;
  /** Candidate sub-agents, in a stable order (e.g. by creation); the order breaks the last ties. */
  readonly subAgents: readonly SUB_AGENT[];
}

interface Candidate<SUB_AGENT extends RoutableSubAgent> extends TopicMatch<SUB_AGENT> {
  readonly firstPosition: number;
  readonly order: number;
}

/** Position of the first occurrence of `phrase` as a contiguous run inside `words`, or -1. */
function findPhrase(words: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return -1;
  for (let start = 0; start + phrase.length <= words.length; start += 1) {
    if (phrase.every((word, offset) => words[start + offset] === word)) return start;
  }
  return -1;
}

function scoreSubAgent<SUB_AGENT extends RoutableSubAgent>(
  subAgent: SUB_AGENT,
  order: number,
  messageStems: readonly string[],
): Candidate<SUB_AGENT> | null {
  const matchedTopics: string[] = [];
  let score = 0;
  let firstPosition = Number.POSITIVE_INFINITY;
  for (const topic of subAgent.topics) {
    const topicStems = stemText(topic);
    const position = findPhrase(messageStems, topicStems);
    if (position < 0 || matchedTopics.includes(topic)) continue;
    matchedTopics.push(topic);
    score += topicStems.length;
    firstPosition = Math.min(firstPosition, position);
  }
  return matchedTopics.length === 0 ? null : { subAgent, matchedTopics, score, firstPosition, order };
}

function isBetter<SUB_AGENT extends RoutableSubAgent>(
  a: Candidate<SUB_AGENT>,
  b: Candidate<SUB_AGENT>,
): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.firstPosition !== b.firstPosition) return a.firstPosition < b.firstPosition;
  return a.order < b.order;
}

/**
 * Fast, model-free routing (seed 003): finds the active sub-agent whose topics occur in `message`.
 * Message and topics are compared word by word after {@link normalizeText} and {@link stemWord}, so case,
 * accents, plurals and common suffixes do not matter; a multi-word topic matches only as a contiguous
 * phrase. The highest score wins; ties go to the sub-agent whose topic appears earliest in the message,
 * then to the one listed first. Returns `null` when no active sub-agent matches.
 */
export function matchTopics<SUB_AGENT extends RoutableSubAgent>(
  options: MatchTopicsOptions<SUB_AGENT>,
): TopicMatch<SUB_AGENT> | null {
  const messageStems = stemText(options.message);
  if (messageStems.length === 0) return null;
  let best: Candidate<SUB_AGENT> | null = null;
  for (const [order, subAgent] of options.subAgents.entries()) {
    if (!subAgent.isActive) continue;
    const candidate = scoreSubAgent(subAgent, order, messageStems);
    if (candidate !== null && (best === null || isBetter(candidate, best))) best = candidate;
  }
  if (best === null) return null;
  const { subAgent, matchedTopics, score } = best;
  return { subAgent, matchedTopics, score };
}
