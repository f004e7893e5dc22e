import { tokenizeText } from '../../routing/normalize-text.ts';
import { stemText, stemWord } from '../../routing/stem-word.ts';
import { TOPIC_ANALYSIS_NO_TOPIC, type TopicAnalysisRequest } from '../../routing/topic-analysis-prompt.ts';
import { conceptsOfStem } from './concept-lexicon.ts';
import { isStopWord } from './language.ts';

function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  for (let start = 0; start + phrase.length <= words.length; start += 1) {
    if (phrase.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

function scoreTopic(
  topic: string,
  messageStems: readonly string[],
  messageConcepts: ReadonlySet<number>,
): number {
  const topicStems = stemText(topic);
  if (containsPhrase(messageStems, topicStems)) return 10 * topicStems.length;
  return topicStems.reduce(
    (score, stem) => score + conceptsOfStem(stem).filter((concept) => messageConcepts.has(concept)).length,
    0,
  );
}

/**
 * Answers a topic-analysis prompt with one of its topics: a topic whose words occur in the message wins;
 * otherwise the topic sharing the most concept groups with the message's words (see the concept lexicon).
 * Ties go to the topic listed first. Answers {@link TOPIC_ANALYSIS_NO_TOPIC} when nothing relates.
 */
export function answerTopicAnalysis(request: TopicAnalysisRequest): string {
  const messageStems = stemText(request.message);
  const messageConcepts = new Set(
    tokenizeText(request.message)
      .filter((word) => !isStopWord(word))
      .flatMap((word) => conceptsOfStem(stemWord(word))),
  );
  let best: string = TOPIC_ANALYSIS_NO_TOPIC;
  let bestScore = 0;
  for (const topic of request.topics) {
    const score = scoreTopic(topic, messageStems, messageConcepts);
    if (score > bestScore) [best, bestScore] = [topic, score];
  }
  return best;
}
