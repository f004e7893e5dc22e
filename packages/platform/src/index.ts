export { changeClientStatus } from './admin/change-client-status.ts';
export { checkSunaHealth } from './admin/check-suna-health.ts';
export { createClient } from './admin/create-client.ts';
export { createPlatformAdmin } from './admin/create-platform-admin.ts';
export { getClientDetail } from './admin/get-client-detail.ts';
export { histogramQuantile, routeLatencyRow } from './admin/histogram-quantile.ts';
export { inviteClientOwner } from './admin/invite-client-owner.ts';
export { listAllAgents } from './admin/list-all-agents.ts';
export { listClients } from './admin/list-clients.ts';
export { listUsers } from './admin/list-users.ts';
export {
  type MinuteRouteCounts,
  type MonitoringMinute,
  monitoringMinutesKeptMs,
  pruneMonitoringMinutes,
  recordMonitoringMinute,
} from './admin/monitoring-minutes.ts';
export { type DependencyProbe, readMonitoring } from './admin/read-monitoring.ts';
export { searchAudit } from './admin/search-audit.ts';
export { setPlatformRole } from './admin/set-platform-role.ts';
export { turnOffPromptLogging } from './admin/turn-off-prompt-logging.ts';
export { turnOnPromptLogging } from './admin/turn-on-prompt-logging.ts';
export { updateClient } from './admin/update-client.ts';
export { createAgent } from './agents/create-agent.ts';
export { deleteAgent } from './agents/delete-agent.ts';
export { getAgent } from './agents/get-agent.ts';
export { listAgents } from './agents/list-agents.ts';
export { slugify } from './agents/slugify.ts';
export { testAgentTool } from './agents/test-agent-tool.ts';
export { updateAgent } from './agents/update-agent.ts';
export { awaitApiChatAnswer, startApiChat } from './api-channel/api-chat.ts';
export { createApiKey } from './api-keys/create-api-key.ts';
export { listApiKeys } from './api-keys/list-api-keys.ts';
export { revokeApiKey } from './api-keys/revoke-api-key.ts';
export * from './approvals/index.ts';
export { listClientAudit } from './audit/list-client-audit.ts';
export { type AuditEntry, recordAudit } from './audit/record-audit.ts';
export { recordBackup } from './backups/record-backup.ts';
export { updateClientSettings } from './client-settings/update-client-settings.ts';
export { loadContact } from './contacts/contact-id.ts';
export { deleteContact } from './contacts/delete-contact.ts';
export { deleteContactMemories } from './contacts/delete-contact-memories.ts';
export { getContact } from './contacts/get-contact.ts';
export { listContactMemories } from './contacts/list-contact-memories.ts';
export { listContacts } from './contacts/list-contacts.ts';
export {
  announceConversationActivity,
  type ConversationChange,
  type ConversationFeed,
} from './conversations/conversation-feed.ts';
export { conversationToWire, loadConversation } from './conversations/conversation-id.ts';
export { createConversation } from './conversations/create-conversation.ts';
export { deleteConversation } from './conversations/delete-conversation.ts';
export { getConversation } from './conversations/get-conversation.ts';
export { listConversations } from './conversations/list-conversations.ts';
export { listMessages } from './conversations/list-messages.ts';
export { replyAsPerson } from './conversations/reply-as-person.ts';
export {
  handBackConversation,
  takeOverConversation,
  takeoverRoles,
} from './conversations/take-over-conversation.ts';
export { updateConversation } from './conversations/update-conversation.ts';
export { upsertContact } from './conversations/upsert-contact.ts';
export { createCredential } from './credentials/create-credential.ts';
export {
  type CachedCredential,
  type CredentialCache,
  type CredentialCacheKey,
  type CredentialCacheOptions,
  createCredentialCache,
} from './credentials/credential-cache.ts';
export { credentialToWire } from './credentials/credential-wire.ts';
export { deleteCredential } from './credentials/delete-credential.ts';
export { listClientsWithDataKeys } from './credentials/list-clients-with-data-keys.ts';
export { listCredentials } from './credentials/list-credentials.ts';
export { replaceCredential } from './credentials/replace-credential.ts';
export {
  findCredentialIn,
  type ResolveCredentialOptions,
  type ResolvedCredential,
  resolveCredential,
  resolveCredentialIn,
} from './credentials/resolve-credential.ts';
export { resolveToolCredential } from './credentials/resolve-tool-credential.ts';
export { rewrapDataKeys } from './credentials/rewrap-data-keys.ts';
export {
  type RotateClientDataKeyOptions,
  type RotateClientDataKeyResult,
  rotateClientDataKey,
} from './credentials/rotate-client-data-key.ts';
export {
  openSharedCredentialCache,
  type SharedCredentialCache,
} from './credentials/shared-credential-cache.ts';
export { getDashboard } from './dashboard/get-dashboard.ts';
export {
  type ConfiguredSuna,
  type ConfiguredSunaOptions,
  createConfiguredSunaExecutor,
} from './executors/create-configured-suna-executor.ts';
export { createInstanceStore } from './executors/create-instance-store.ts';
export { getSunaSettings } from './executors/get-suna-settings.ts';
export {
  readSunaConnection,
  type SunaConnection,
  type SunaConnectionDefaults,
} from './executors/suna-connection.ts';
export { updateSunaSettings } from './executors/update-suna-settings.ts';
export {
  createGlobalAgent,
  globalAgentToWire,
  listGlobalAgentsForAdmin,
  updateGlobalAgent,
} from './global-agents/admin-global-agents.ts';
export { copyGlobalAgent, listGlobalAgents } from './global-agents/client-global-agents.ts';
export { type AccessClaims, signAccessToken, verifyAccessToken } from './identity/access-tokens.ts';
export { apiKeyPrefix, authenticate } from './identity/authenticate.ts';
export { checkSession } from './identity/check-session.ts';
export { getMe } from './identity/get-me.ts';
export { login } from './identity/login.ts';
export { logout } from './identity/logout.ts';
export { hashPassword, verifyPassword } from './identity/passwords.ts';
export { createMemoryRateLimiter, type RateLimiter, type RateLimitResult } from './identity/rate-limiter.ts';
export { refreshSession } from './identity/refresh-session.ts';
export {
  createSessionCache,
  type SessionCache,
  type SessionCacheOptions,
  type SessionKey,
  type SessionState,
} from './identity/session-cache.ts';
export { signup } from './identity/signup.ts';
export { acceptInvitation } from './invitations/accept-invitation.ts';
export { acceptMyInvitation } from './invitations/accept-my-invitation.ts';
export { createInvitation } from './invitations/create-invitation.ts';
export { defaultInvitationTtlSeconds } from './invitations/invitation-rules.ts';
export { listInvitations } from './invitations/list-invitations.ts';
export { listMyInvitations } from './invitations/list-my-invitations.ts';
export { previewInvitation } from './invitations/preview-invitation.ts';
export { revokeInvitation } from './invitations/revoke-invitation.ts';
export * from './jobs/index.ts';
export * from './knowledge/index.ts';
export { admitRun, concurrentRunsRetryAfterSeconds } from './limits/admit-run.ts';
export { admitToolCall } from './limits/admit-tool-call.ts';
export { getClientLimits } from './limits/get-client-limits.ts';
export { getLimits } from './limits/get-limits.ts';
export { listPlans } from './limits/list-plans.ts';
export { checkDefaultPlan } from './limits/plan-exists.ts';
export { setClientLimits } from './limits/set-client-limits.ts';
export { createFailureCounter, type FailureCounter, type PlatformLogger, reportFailure } from './logger.ts';
export { callMcpTool, listMcpTools, type McpToolDeps, mcpToolsOf } from './mcp/call-mcp-tool.ts';
export { type McpScope, resolveAgentMcpScope, resolveRunMcpScope } from './mcp/mcp-scope.ts';
export { listMembers } from './members/list-members.ts';
export { removeMember } from './members/remove-member.ts';
export { updateMemberRole } from './members/update-member-role.ts';
export { type RecalledFact, recallFacts } from './memory/recall-facts.ts';
export { rememberFact } from './memory/remember-fact.ts';
export { listNotifications } from './notifications/list-notifications.ts';
export { markAllNotificationsRead } from './notifications/mark-all-notifications-read.ts';
export { markNotificationRead } from './notifications/mark-notification-read.ts';
export {
  type NotificationChange,
  type NotificationFeed,
  storeNotification,
} from './notifications/notification-feed.ts';
export { createPlan } from './plans/create-plan.ts';
export { listPlanVersions } from './plans/list-plan-versions.ts';
export { setPlanRetired } from './plans/retire-plan.ts';
export { updatePlan } from './plans/update-plan.ts';
export type { AuthSettings, PlatformDeps } from './platform-deps.ts';
export {
  type Principal,
  refuseViewAsWrite,
  requireClient,
  requirePlatformAdmin,
  requireRole,
} from './principal.ts';
export * from './prompt-templates/index.ts';
export * from './prompts/index.ts';
export {
  findPublicAgent,
  publicAgentOrigins,
  publicAgentToWire,
  visitPublicAgent,
} from './public-chat/public-agent.ts';
export { listVisitorMessages, sendPublicMessage } from './public-chat/send-public-message.ts';
export * from './realtime/index.ts';
export { type ClaimedRun, claimRun } from './runs/claim-run.ts';
export {
  type ContextContribution,
  type ContextProvider,
  defaultContextProviders,
  historyContext,
  memoryContext,
  summaryContext,
} from './runs/context/index.ts';
export {
  createMemoryEventBus,
  type EventBus,
  type PublishFailureReporter,
  type RunCancelListener,
  type RunEventListener,
  warnPublishFailure,
} from './runs/event-bus.ts';
export { type ExecuteOutcome, executeRun, maxRunClaims } from './runs/execute-run.ts';
export { getRun, loadRun } from './runs/get-run.ts';
export { listRuns } from './runs/list-runs.ts';
export { followRunEvents, readRunEvents } from './runs/read-run-events.ts';
export { recordToolCall, type TimedToolCallRecord, toolCallUsageRow } from './runs/record-tool-calls.ts';
export { recoverRuns } from './runs/recover-runs.ts';
export { rescueStrandedRuns, type StrandedRun, startRunRescue } from './runs/rescue-runs.ts';
export type { RunDeps } from './runs/run-deps.ts';
export { eventBatchType, runEventsOfRows } from './runs/run-event-rows.ts';
export { openRunEventWriter, type RunEventWriter } from './runs/run-event-writer.ts';
export { runExecuteHandler, runExecuteJob } from './runs/run-jobs.ts';
export { createRunManager, type RunManager } from './runs/run-manager.ts';
export { runToWire } from './runs/run-wire.ts';
export { sendMessage } from './runs/send-message.ts';
export { stopRun } from './runs/stop-run.ts';
export {
  createToolCallRecorder,
  type ToolCallRecorder,
  type ToolCallRecorderOptions,
} from './runs/tool-call-recorder.ts';
export { type Broadcast, type BroadcastListener, createMemoryBroadcast } from './scale/broadcast.ts';
export { breakerSharingOver } from './scale/broadcast-breaker-sharing.ts';
export {
  openRedisConnections,
  type RedisConnectionOptions,
  type RedisConnections,
} from './scale/redis-connections.ts';
export { createRedisEventBus, type RedisEventBusOptions } from './scale/redis-event-bus.ts';
export { createRedisRateLimiter } from './scale/redis-rate-limiter.ts';
export * from './schedules/index.ts';
export { type DemoCredentials, demoClientSlug, seedDemo } from './seed/seed-demo.ts';
export { getPlatformSettings } from './settings/get-platform-settings.ts';
export {
  assertFeatureEnabled,
  assertModelEnabled,
  type EffectiveSettings,
  featureEnabled,
  planForNewClient,
  priceOverrideOf,
  readSettings,
} from './settings/read-settings.ts';
export {
  readStampedSettings,
  type SeenSettings,
  type SettingsStamp,
  settingsForRun,
  settingsFreshMs,
} from './settings/settings-cache.ts';
export { updatePlatformSettings } from './settings/update-platform-settings.ts';
export { createSubAgent } from './sub-agents/create-sub-agent.ts';
export { deleteSubAgent } from './sub-agents/delete-sub-agent.ts';
export { getSubAgent } from './sub-agents/get-sub-agent.ts';
export { listSubAgents } from './sub-agents/list-sub-agents.ts';
export { updateSubAgent } from './sub-agents/update-sub-agent.ts';
export { createSunaLinks } from './suna/create-suna-links.ts';
export { createSunaToolAccess } from './suna/create-suna-tool-access.ts';
export * from './teams/index.ts';
export { type CallProxyToolOptions, callProxyTool } from './tool-proxy/call-proxy-tool.ts';
export {
  type IssueRunToolTokenOptions,
  issueRunToolToken,
  issueRunToolTokenIn,
} from './tool-proxy/issue-run-tool-token.ts';
export {
  type RunToolClaims,
  runToolTokenAudience,
  signRunToolToken,
  verifyRunToolToken,
} from './tool-proxy/run-tool-token.ts';
export { getUsage } from './usage/get-usage.ts';
export { authenticateViewAs } from './view-as/authenticate-view-as.ts';
export { endViewAs } from './view-as/end-view-as.ts';
export { expireViewAsSessions } from './view-as/expire-view-as.ts';
export { startViewAs } from './view-as/start-view-as.ts';
export * from './whatsapp/index.ts';
export { toWire, type Wire } from './wire.ts';
export { generateSystemPrompt } from './wizard/generate-system-prompt.ts';
export { embedSnippetOf, qrCodeOf } from './wizard/publication.ts';
export { getPublication, publishAgent } from './wizard/publish-agent.ts';
export { getWizard, saveWizardStep, type WizardStepInput } from './wizard/save-wizard-step.ts';
export { startWizard } from './wizard/start-wizard.ts';
