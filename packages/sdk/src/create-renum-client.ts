import type { Session } from '@renum/contracts';
import { createAdminApi } from './resources/admin-api.ts';
import { createAgentsApi, createSubAgentsApi } from './resources/agents-api.ts';
import {
  createApprovalPoliciesApi,
  createApprovalsApi,
  createSchedulesApi,
} from './resources/approvals-api.ts';
import { createAuthApi, createMeApi } from './resources/auth-api.ts';
import { createDashboardApi, createToolsApi } from './resources/builder-api.ts';
import { createContactsApi } from './resources/contacts-api.ts';
import { createConversationsApi, createMessagesApi } from './resources/conversations-api.ts';
import { createApiKeysApi, createMembersApi } from './resources/identity-api.ts';
import { createInvitationsApi } from './resources/invitations-api.ts';
import { createKnowledgeApi } from './resources/knowledge-api.ts';
import { createRealtimeApi } from './resources/realtime-api.ts';
import { createRunsApi } from './resources/runs-api.ts';
import { createCredentialsApi, createPromptTemplatesApi, createUsageApi } from './resources/settings-api.ts';
import { createTeamExecutionsApi, createTeamsApi } from './resources/teams-api.ts';
import { createAuditApi, createGlobalAgentsApi, createViewAsAdminApi } from './resources/view-as-api.ts';
import { createWhatsAppApi } from './resources/whatsapp-api.ts';
import { createWizardApi } from './resources/wizard-api.ts';
import { memorySessionStore, type SessionStore } from './session-store.ts';
import { createTransport, type SessionEndReason } from './transport.ts';

/** Options of {@link createRenumClient}. */
export interface RenumClientOptions {
  /** Where the API is: `http://localhost:3000`, or `''` for the page's own origin. @defaultValue '' */
  baseUrl?: string;
  /** The fetch to use (tests and servers pass their own). @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /** Where the person's tokens are kept. @defaultValue a memory store */
  session?: SessionStore;
  /** An API key (`rk_…`), sent as `X-API-Key` when no session is stored. */
  apiKey?: string;
  /** Called with every new session answer: login, signup, and each automatic refresh. */
  onSession?: (session: Session) => void;
  /** Called when the server refused the refresh token: the person must log in again. */
  onSessionEnd?: (reason: SessionEndReason) => void;
  /** The clock, in epoch milliseconds. @defaultValue Date.now */
  now?: () => number;
}

/**
 * A typed client of the Renum HTTP API, one group of methods per area. Every failure is a
 * `RenumApiError`; a 401 rotates the refresh token once (shared by concurrent requests) and retries.
 */
export function createRenumClient(options: RenumClientOptions = {}) {
  const transport = createTransport({
    baseUrl: options.baseUrl ?? '',
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    store: options.session ?? memorySessionStore(),
    apiKey: options.apiKey,
    onSession: options.onSession,
    onSessionEnd: options.onSessionEnd,
    now: options.now ?? Date.now,
  });
  return {
    auth: createAuthApi(transport),
    me: createMeApi(transport),
    apiKeys: createApiKeysApi(transport),
    members: createMembersApi(transport),
    invitations: createInvitationsApi(transport),
    agents: createAgentsApi(transport),
    subAgents: createSubAgentsApi(transport),
    wizard: createWizardApi(transport),
    conversations: createConversationsApi(transport),
    messages: createMessagesApi(transport),
    runs: createRunsApi(transport),
    credentials: createCredentialsApi(transport),
    whatsapp: createWhatsAppApi(transport),
    usage: createUsageApi(transport),
    promptTemplates: createPromptTemplatesApi(transport),
    contacts: createContactsApi(transport),
    knowledge: createKnowledgeApi(transport),
    tools: createToolsApi(transport),
    dashboard: createDashboardApi(transport),
    teams: createTeamsApi(transport),
    teamExecutions: createTeamExecutionsApi(transport),
    realtime: createRealtimeApi(transport, options.baseUrl ?? ''),
    approvals: createApprovalsApi(transport),
    approvalPolicies: createApprovalPoliciesApi(transport),
    schedules: createSchedulesApi(transport),
    /** The admin console's API: platform admins only. */
    admin: { ...createAdminApi(transport), ...createViewAsAdminApi(transport) },
    /** Agents the platform offers every client: read-only, copy one to use it. */
    globalAgents: createGlobalAgentsApi(transport),
    /** Your client's own audit log (owners and admins). */
    audit: createAuditApi(transport),
    /** Low-level access for endpoints without a method yet: `client.transport.json({ method, path })`. */
    transport,
  };
}

/** The client {@link createRenumClient} builds. */
export type RenumClient = ReturnType<typeof createRenumClient>;
