export { combineWrites } from './combine-writes.ts';
export { lockDataDirectory } from './data-directory-lock.ts';
export type { Database, DatabaseHandle, PoolUsage, RawTransaction, Transaction } from './database.ts';
export {
  agentKnowledgeBases,
  documentChunks,
  documentChunkTerms,
  documents,
  knowledgeBases,
  knowledgeRetrievals,
  messageFeedback,
} from './knowledge-schema.ts';
export { type MigrationStatus, migrate, migrationStatus } from './migrate.ts';
export { listMigrations, type Migration } from './migrations.ts';
export { type DatabaseTarget, isPoolExhausted, openDatabase } from './open-database.ts';
export { restoreDataDirectory } from './restore-data-directory.ts';
export { reusableSelect } from './reusable-select.ts';
export { placeholderRow, prefixRow, reusableStatement, statementCache } from './reusable-statement.ts';
export { platformSettingVersions, type StoredModelPrice } from './schema/platform-setting-versions.ts';
export { globalAgents, viewAsSessions } from './schema/view-as.ts';
export * as schema from './schema.ts';
export {
  agents,
  apiKeys,
  approvalPolicies,
  approvalRequests,
  auditLog,
  clientDataKeys,
  clientLimits,
  clientMonthlySpend,
  clients,
  contacts,
  conversations,
  credentials,
  executorInstances,
  invitations,
  jobs,
  type MessageCitation,
  memberships,
  memories,
  messageReads,
  messages,
  notifications,
  plans,
  planVersions,
  platformSettings,
  promptTemplates,
  promptTemplateVersions,
  type RunCheckpoint,
  refreshTokens,
  runEvents,
  runs,
  scheduleExecutions,
  schedules,
  subAgents,
  sunaAgents,
  sunaThreads,
  teamAgentExecutions,
  teamExecutionEvents,
  teamExecutions,
  teams,
  usageLogs,
  users,
  type WhatsAppMessageStatus,
  whatsappConnections,
  whatsappMessages,
} from './schema.ts';
export { afterCommit, narrowingColumn, rowLockStatement, withClient, withPlatform } from './scope.ts';
export type { RowLock, TransactionShape } from './scoped-transaction.ts';
export { sendAhead } from './sent-ahead.ts';
export { isUniqueViolation } from './unique-violation.ts';
