/** Public API of `@renum/runtime`: models (offline), topic routing and tools. */

export {
  CONTEXT_CLOSE_TAG,
  CONTEXT_OPEN_TAG,
  CONTEXT_SOURCE_PREFIX,
  CONTEXT_SOURCE_SUFFIX,
  type ContextPassage,
  formatContextBlock,
  parseContextBlocks,
} from './models/offline/context-block.ts';
export {
  OfflineLanguageModel,
  type OfflineModelId,
  type OfflineModelSettings,
} from './models/offline/offline-language-model.ts';
export {
  createOfflineProvider,
  OFFLINE_MODEL_ID,
  OFFLINE_PROVIDER_ID,
  type OfflineProvider,
} from './models/offline/offline-provider.ts';
export type { OfflineReplyKind } from './models/offline/plan-offline-reply.ts';
export { renderPromptForCounting } from './models/offline/prompt-view.ts';
export {
  loadTokenCounter,
  type OfflineTokenEncoding,
  type TokenCounter,
} from './models/offline/token-counter.ts';
export { defaultOfflineToolNames, type OfflineToolIntent } from './models/offline/tool-intents.ts';
export {
  type MatchTopicsOptions,
  matchTopics,
  type RoutableSubAgent,
  type TopicMatch,
} from './routing/match-topics.ts';
export { normalizeText, tokenizeText } from './routing/normalize-text.ts';
export { parseTopicAnswer } from './routing/parse-topic-answer.ts';
export { stemText, stemWord } from './routing/stem-word.ts';
export {
  buildTopicAnalysisPrompt,
  collectActiveTopics,
  readTopicAnalysisPrompt,
  TOPIC_ANALYSIS_ANSWER_LABEL,
  TOPIC_ANALYSIS_HEADER,
  TOPIC_ANALYSIS_MESSAGE_LABEL,
  TOPIC_ANALYSIS_NO_TOPIC,
  TOPIC_ANALYSIS_TOPICS_LABEL,
  type TopicAnalysisPromptOptions,
  type TopicAnalysisRequest,
} from './routing/topic-analysis-prompt.ts';
export { ArithmeticError } from './tools/builtin/arithmetic-error.ts';
export { type BuiltinToolsOptions, createBuiltinTools } from './tools/builtin/builtin-tools.ts';
export {
  CALCULATOR_TOOL_NAME,
  type CalculatorInput,
  type CalculatorOutput,
  calculatorInputSchema,
  createCalculatorTool,
} from './tools/builtin/calculator-tool.ts';
export {
  CURRENT_TIME_TOOL_NAME,
  type CurrentTimeInput,
  type CurrentTimeOutput,
  type CurrentTimeToolOptions,
  createCurrentTimeTool,
  currentTimeInputSchema,
  describeInstant,
} from './tools/builtin/current-time-tool.ts';
export { evaluateArithmetic, MAX_EXPRESSION_LENGTH } from './tools/builtin/evaluate-arithmetic.ts';
export { type ToAiSdkToolsOptions, toAiSdkTools } from './tools/to-ai-sdk-tools.ts';
export {
  defineTool,
  type ToolContext,
  type ToolDefinition,
  type ToolScope,
} from './tools/tool-definition.ts';
