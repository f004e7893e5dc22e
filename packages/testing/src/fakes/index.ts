/**
 * Local fake upstream servers speaking the real wire protocols (OpenAI, Anthropic, Tavily, Firecrawl,
 * WhatsApp Cloud API, Suna, generic HTTP), for tests and benchmarks that must never touch the network.
 * Internal plumbing (body parsing, SSE writing, text chunking, per-endpoint handlers) is not re-exported.
 * @module
 */
export * from './anthropic.ts';
export { anthropicErrorBody, anthropicErrorType } from './anthropic-messages.ts';
export * from './docker-engine.ts';
export * from './fake-http-server.ts';
export * from './firecrawl.ts';
export * from './http-api.ts';
export * from './llm-turns.ts';
export * from './openai.ts';
export { fakeEmbedding } from './openai-embeddings.ts';
export { openAIAuthorizer, openAIErrorBody } from './openai-errors.ts';
export * from './otlp-collector.ts';
export * from './registry.ts';
export * from './rerank.ts';
export * from './sentry.ts';
export * from './serve.ts';
export * from './suna.ts';
export type { SunaAgent } from './suna-agents.ts';
export * from './suna-events.ts';
export type { SunaRun, SunaRunStatus, SunaThread } from './suna-runs.ts';
export { isTerminalSunaEvent } from './suna-stream.ts';
export { sunaErrorBody, sunaRunView } from './suna-threads.ts';
export * from './tavily.ts';
export type { Chunking } from './text.ts';
export * from './types.ts';
export * from './whatsapp.ts';
export * from './whatsapp-webhook.ts';
