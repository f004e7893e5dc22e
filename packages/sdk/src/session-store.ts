/** The tokens of a person's session, as the SDK keeps them between requests. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires (from `expires_in`). */
  accessExpiresAt: number;
}

/**
 * Where the client keeps the session. `load` is called before every request (another tab may have
 * rotated the tokens), `save(null)` when the session ends.
 */
export interface SessionStore {
  load(): SessionTokens | null;
  save(tokens: SessionTokens | null): void;
}

/** A store that lives as long as the client object (servers, tests, scripts). */
export function memorySessionStore(initial: SessionTokens | null = null): SessionStore {
  let tokens = initial;
  return {
    load: () => tokens,
    save: (next) => {
      tokens = next;
    },
  };
}

/** The subset of the Web Storage API the browser store needs. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * A store in Web Storage (`localStorage`), so a session survives reloads and is shared by tabs.
 * Anything unreadable counts as no session.
 */
export function storageSessionStore(storage: StorageLike, key = 'renum.session'): SessionStore {
  return {
    load() {
      const raw = storage.getItem(key);
      if (!raw) return null;
      try {
        const value = JSON.parse(raw) as Partial<SessionTokens>;
        if (typeof value.accessToken !== 'string' || typeof value.refreshToken !== 'string') return null;
        return {
          accessToken: value.accessToken,
          refreshToken: value.refreshToken,
          accessExpiresAt: typeof value.accessExpiresAt === 'number' ? value.accessExpiresAt : 0,
        };
      } catch {
        return null;
      }
    },
    save(tokens) {
      if (tokens) storage.setItem(key, JSON.stringify(tokens));
      else storage.removeItem(key);
    },
  };
}
