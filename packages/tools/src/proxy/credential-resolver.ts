/** What the proxy asks the vault for: the credential a client (or one of its agents) holds for a service. */
export interface CredentialRequest {
  /** The client (tenant) making the call. */
  readonly clientId: string;
  /** The agent making the call; an agent-scoped credential wins over the client's. */
  readonly agentId: string;
  /** Service the credential is for (`tavily`, `firecrawl`, `whatsapp`, `http`, …). */
  readonly service: string;
  /** Name of the credential, when the tool names one (client-defined HTTP tools do). */
  readonly credentialName?: string | undefined;
  /** The run the call is made for, so the use of the credential is audited against it. */
  readonly runId?: string | undefined;
}

/** A decrypted credential. Its fields go only into the outbound request. */
export interface ResolvedCredential {
  /** Id of the stored credential, for the ledger and the audit log. */
  readonly credentialId: string;
  /** Secret fields by name (`api_key`, `access_token`, `token`, `username`, `password`, …). */
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * Looks up and decrypts a client's credential for one call; implemented by the vault. Returns null
 * when the client has none, which the tool reports as a readable error. Must not log the fields.
 */
export interface CredentialResolver {
  resolve(request: CredentialRequest): Promise<ResolvedCredential | null>;
}
