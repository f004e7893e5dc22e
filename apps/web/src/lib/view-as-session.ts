import type { ViewAsGrant } from '@renum/contracts';

/**
 * "View as" in the browser (ADR 0040). The admin's own session is set aside under its own key and the
 * read-only token takes the session's place, so every page of the builder reads the client through it.
 * The token has no refresh token: when it ends the admin's session comes back. The server enforces the
 * read-only role and the expiry; this only chooses which token the app sends.
 */
const sessionKey = 'renum.session';
const adminKey = 'renum.session.admin';
const viewKey = 'renum.viewAs';

/** The view-as session the browser is in, if any. */
export interface ViewAsState {
  sessionId: string;
  clientId: string;
}

function storage(): Storage | undefined {
  return globalThis.localStorage;
}

/** Sets the admin's session aside and opens the builder through the read-only token. */
export function enterViewAs(grant: ViewAsGrant): void {
  const store = storage();
  if (!store) return;
  const current = store.getItem(sessionKey);
  if (current) store.setItem(adminKey, current);
  store.setItem(
    sessionKey,
    JSON.stringify({
      accessToken: grant.access_token,
      refreshToken: '',
      accessExpiresAt: Date.parse(grant.session.expires_at),
    }),
  );
  store.setItem(viewKey, JSON.stringify({ sessionId: grant.session.id, clientId: grant.session.client_id }));
  globalThis.location.assign('/');
}

/** The view-as session set aside in this browser, or null. */
export function currentViewAs(): ViewAsState | null {
  const raw = storage()?.getItem(viewKey);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<ViewAsState>;
    return typeof value.sessionId === 'string' && typeof value.clientId === 'string'
      ? { sessionId: value.sessionId, clientId: value.clientId }
      : null;
  } catch {
    return null;
  }
}

/** Puts the admin's own session back (nothing when none was set aside); answers the view it left. */
export function restoreAdminSession(): ViewAsState | null {
  const store = storage();
  const view = currentViewAs();
  const admin = store?.getItem(adminKey);
  if (!store || !admin) return null;
  store.setItem(sessionKey, admin);
  store.removeItem(adminKey);
  store.removeItem(viewKey);
  return view;
}
