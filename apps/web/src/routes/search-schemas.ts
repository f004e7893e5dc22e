// The pages' search parameters, validated apart from the pages so that the route tree can check them
// without loading the pages' code (each page is its own lazily loaded chunk, see ADR 0036). Plain
// functions rather than zod schemas: the route tree is in the first load, and zod is not (it comes
// with the pages' forms). A malformed value is dropped, never an error page.

type Search = Record<string, unknown>;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // The router parses `?id=123` as a number: keep it as the text it was.
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** The audit page's filters, kept in the address so a filtered view can be shared. */
export interface AuditSearch {
  client_id?: string | undefined;
  actor_id?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}
/** Validates {@link AuditSearch}. */
export function auditSearchSchema(search: Search): AuditSearch {
  return {
    client_id: text(search.client_id),
    actor_id: text(search.actor_id),
    action: text(search.action),
    from: text(search.from),
    to: text(search.to),
  };
}

/** The wizard's `?step=1..5` (5 is publish). */
export function wizardSearchSchema(search: Search): { step?: number | undefined } {
  const step = Number(search.step);
  return { step: Number.isInteger(step) && step >= 1 && step <= 5 ? step : undefined };
}

/** Search parameters of the inbox: the conversation open. */
export interface InboxSearch {
  conversation?: string | undefined;
}
/** Validates {@link InboxSearch}. */
export function inboxSearchSchema(search: Search): InboxSearch {
  return { conversation: text(search.conversation) };
}

/** Search parameters of the playground: the agent picked and the conversation open. */
export interface PlaygroundSearch {
  agent?: string | undefined;
  conversation?: string | undefined;
}
/** Validates {@link PlaygroundSearch}. */
export function playgroundSearchSchema(search: Search): PlaygroundSearch {
  return { agent: text(search.agent), conversation: text(search.conversation) };
}

/**
 * Search parameters of the login and signup pages; with `invitation_token`, signup joins the inviting
 * team instead of creating a company (login passes it on to its signup link).
 */
export interface AuthSearch {
  redirect?: string | undefined;
  invitation_token?: string | undefined;
}
/** Validates {@link AuthSearch}. */
export function authSearchSchema(search: Search): AuthSearch {
  return { redirect: text(search.redirect), invitation_token: text(search.invitation_token) };
}

/** Search parameters of the accept page: the invitation's token from its link. */
export function invitationSearchSchema(search: Search): { token?: string | undefined } {
  return { token: text(search.token) };
}
