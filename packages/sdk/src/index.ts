export { createRenumClient, type RenumClient, type RenumClientOptions } from './create-renum-client.ts';
export {
  createRealtimeConnection,
  type RealtimeConnection,
  type RealtimeOptions,
  type RealtimeStatus,
} from './realtime-connection.ts';
export { RenumApiError, type RenumClientErrorCode, type RenumFieldError } from './renum-api-error.ts';
export type { ContactMemory } from './resources/contacts-api.ts';
export type { CreatedApiKey } from './resources/identity-api.ts';
export type { AddedKnowledgeDocument, KnowledgeAttachments } from './resources/knowledge-api.ts';
export type { List, Page } from './resources/page.ts';
export { type FollowExecutionOptions, isExecutionEnd } from './resources/teams-api.ts';
export type { WizardStepBodies } from './resources/wizard-api.ts';
export {
  followRunEventStream,
  parseRunEventFrame,
  type RunEventStreamOptions,
} from './run-event-stream.ts';
export {
  memorySessionStore,
  type SessionStore,
  type SessionTokens,
  type StorageLike,
  storageSessionStore,
} from './session-store.ts';
export { createSseParser, readSseFrames, type SseFrame, type SseParser } from './sse-parser.ts';
export {
  buildUrl,
  type QueryValues,
  type RequestOptions,
  type SessionEndReason,
  type Transport,
} from './transport.ts';
