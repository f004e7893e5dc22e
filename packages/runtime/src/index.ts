/** Public API of `@renum/runtime`: models (offline), topic routing and tools. */

export { type BuiltinExecutorOptions, createBuiltinExecutor } from './executor/create-builtin-executor.ts';
export { createEventChannel, type EventChannel } from './executor/event-channel.ts';
export type {
  ExecutionError,
  ExecutionStatus,
  Executor,
  ExecutorRunMetadata,
  ExecutorStartInput,
  PriceOverride,
  RunExecution,
  RunExecutionState,
  RunUsageTotals,
  StepUsage,
} from './executor/executor.ts';
export {
  createDockerEngineClient,
  type DockerContainerView,
  type DockerEngineClient,
  type DockerEngineClientOptions,
  DockerEngineError,
} from './executor/instances/docker-engine-client.ts';
export {
  containerNameOf,
  createDockerInstanceProvider,
  type DockerInstanceProviderOptions,
} from './executor/instances/docker-instance-provider.ts';
export {
  createStaticInstanceProvider,
  type InstanceProvider,
  type InstanceRecord,
  type InstanceStatus,
  type InstanceStore,
} from './executor/instances/instance-provider.ts';
export { readableToolError, ToolExecutionError } from './executor/instrument-tools.ts';
export { createSunaExecutor, type SunaExecutorOptions } from './executor/suna/create-suna-executor.ts';
export { SunaApiError, toSunaExecutionError } from './executor/suna/suna-api-error.ts';
export { createSunaClient, type SunaClient, type SunaClientOptions } from './executor/suna/suna-client.ts';
export { decodeSunaField } from './executor/suna/suna-event-mapper.ts';
export type {
  SunaLinks,
  SunaScope,
  SunaToolAccess,
  SunaToolAccessIssuer,
} from './executor/suna/suna-links.ts';
export { toExecutionError } from './executor/to-execution-error.ts';
export { type SummaryTurn, summarizeConversation } from './memory/summarize-conversation.ts';
export {
  CALL_METADATA_KEY,
  type CallMetadata,
  readCallMetadata,
  withCallMetadata,
} from './models/call-policy/call-metadata.ts';
export {
  type CallPolicyOptions,
  type CallPolicySettings,
  resolveCallPolicySettings,
  retryDelayMs,
} from './models/call-policy/call-policy-settings.ts';
export {
  classifyModelError,
  isNetworkError,
  type ModelErrorClassification,
} from './models/call-policy/classify-model-error.ts';
export { type CallPolicy, createCallPolicy } from './models/call-policy/create-call-policy.ts';
export {
  type CallAttempt,
  type CallObserver,
  type ExecuteWithPolicyOptions,
  executeWithPolicy,
  type PolicyOutcome,
} from './models/call-policy/execute-with-policy.ts';
export { ModelCallTimeoutError } from './models/call-policy/model-call-timeout-error.ts';
export {
  createPolicyLanguageModel,
  type PolicyLanguageModelOptions,
} from './models/call-policy/policy-language-model.ts';
export { retryAfterMs } from './models/call-policy/retry-after.ts';
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
  type AnthropicProviderConfig,
  type ApiKeyType,
  type ClientKeySource,
  createModelRegistry,
  type ModelOption,
  type ModelRegistry,
  type ModelRegistryOptions,
  type OpenAIApi,
  type OpenAICompatibleEndpointConfig,
  type OpenAIProviderConfig,
  type ResolvedEmbeddingModel,
  type ResolvedModel,
  type ResolvedReranker,
  type ResolveModelOptions,
} from './models/registry/create-model-registry.ts';
export { defaultModelFor } from './models/registry/default-model-for.ts';
export {
  anthropicCatalog,
  type CatalogModel,
  OFFLINE_MODEL_LABEL,
  openaiCatalog,
} from './models/registry/model-catalog.ts';
export {
  type ModelProvider,
  modelProviders,
  type ParsedModelId,
  parseModelId,
} from './models/registry/model-id.ts';
export { type PriceOfOptions, type PriceQuote, priceOf } from './pricing/price-of.ts';
export {
  bundledPriceTable,
  type CreatePriceTableOptions,
  createPriceTable,
  type LoadPriceTableOptions,
  loadPriceTable,
  type ModelPrice,
  modelPriceSchema,
  type PriceTable,
  type PriceTableOverride,
  priceTableOverrideSchema,
  priceTableSchema,
  withPriceOverride,
} from './pricing/price-table.ts';
export {
  formatUsdUnits,
  sumUsd,
  USD_UNITS_PER_DOLLAR,
  usdToUnits,
  usdUnitsToNumber,
} from './pricing/usd-units.ts';
export { analyzeTopic } from './routing/analyze-topic.ts';
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
