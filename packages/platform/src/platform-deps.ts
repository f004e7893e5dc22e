import type { Database } from '@renum/db';
import type { Vault } from '@renum/vault';
import type { ConversationFeed } from './conversations/conversation-feed.ts';
import type { CredentialCache } from './credentials/credential-cache.ts';
import type { SunaConnectionDefaults } from './executors/suna-connection.ts';
import type { RateLimiter } from './identity/rate-limiter.ts';
import type { SessionCache } from './identity/session-cache.ts';
import type { FailureCounter, PlatformLogger } from './logger.ts';
import type { NotificationFeed } from './notifications/notification-feed.ts';

/** Settings of sessions and tokens. */
export interface AuthSettings {
  /** HS256 key, at least 32 bytes. */
  jwtSecret: Uint8Array;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  /** Life of a run-scoped tool-proxy token (`issueRunToolToken`). @defaultValue 900 (15 minutes) */
  runToolTokenTtlSeconds?: number;
  refreshTokenTtlSeconds: number;
  loginMaxPerEmail: number;
  loginMaxPerIp: number;
  loginWindowSeconds: number;
  /** Life of an invitation to join a client. @defaultValue 604800 (7 days) */
  invitationTtlSeconds?: number;
}

/** What every use-case may use; the composition root builds it once and tests pass their own. */
export interface PlatformDeps {
  db: Database;
  auth: AuthSettings;
  rateLimiter: RateLimiter;
  /** Envelope encryption of client credentials. */
  vault: Vault;
  /**
   * Decrypted credentials of tool calls, kept a few seconds; credential writes invalidate a client's
   * entries. Absent: every tool call reads its credential from the database.
   */
  credentialCache?: CredentialCache | undefined;
  /**
   * What the database said about each access token's session a moment ago (revoked, roles, client
   * status); the use-cases that change these forget the affected entries. Absent: every request made
   * with an access token reads its session from the database.
   */
  sessionCache?: SessionCache | undefined;
  /** Model given to agents created without one. */
  defaultModel: string;
  /** Plan given to new clients (a row of `plans`). @defaultValue 'unlimited' (the column's default) */
  defaultPlan?: string | undefined;
  /** Base URL of public agent pages. */
  publicUrl: string;
  /**
   * Executors an agent may choose in this deployment besides `builtin` (`suna` when Suna is configured).
   * @defaultValue [] (only `builtin`)
   */
  externalExecutors?: readonly string[] | undefined;
  /** Suna's connection from the environment, the default of the admin's settings (issue 13). */
  sunaDefaults?: SunaConnectionDefaults | undefined;
  /** Suna's `GET /v1/health` as configured now, undefined while Suna is not configured (admin health check). */
  sunaHealth?: (() => Promise<{ status: string } | undefined>) | undefined;
  /**
   * Tells the client's people of notifications stored or read, once committed (their WebSocket connections
   * in every process, ADR 0061). Absent: nobody is told; the web app's fallback poll finds them.
   */
  notifications?: NotificationFeed | undefined;
  /**
   * The W3C `traceparent` a new run's spans join (ADR 0069): the active span's, or, with none active (a
   * schedule's tick, a team step started by a job), a span marking the run's creation. Absent when tracing
   * is off: runs store none.
   */
  traceParent?: ((run: { runId: string; clientId: string }) => string | null) | undefined;
  /**
   * Runs `work` inside a span named `name` of the trace `traceParent` names (the active one without it),
   * for a run's own steps the executor does not see (its routing, ADR 0071). Absent when tracing is off.
   */
  traceStep?:
    | (<T>(
        name: string,
        options: { traceParent: string | null; attributes: Record<string, string | number | boolean> },
        work: (annotate: (attributes: Record<string, string | number | boolean>) => void) => Promise<T>,
      ) => Promise<T>)
    | undefined;
  /** Where a person reads a trace, `{trace_id}` replaced by the run's (`RENUM_TRACE_URL`, ADR 0069). */
  traceUrl?: string | undefined;
  /**
   * Tells the client's people that a conversation's activity changed (a run finished), so lists that do
   * not follow it read again (their WebSocket connections in every process, ADR 0068). Absent: nobody is
   * told; the inbox polls while its socket is down.
   */
  conversationFeed?: ConversationFeed | undefined;
  clock: () => Date;
  newId: () => string;
  /** Where background failures are logged (with their cause and ids). @defaultValue process warnings */
  logger?: PlatformLogger | undefined;
  /** Counts background failures by kind. */
  failures?: FailureCounter | undefined;
}
