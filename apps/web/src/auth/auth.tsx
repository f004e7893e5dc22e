import type { Login, Me, Session, Signup } from '@renum/contracts';
import { RenumApiError } from '@renum/sdk';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { restoreAdminSession } from '../lib/view-as-session.ts';
import { useWebApi } from '../lib/web-api.tsx';
import { useToast } from '../ui/toast.tsx';

/** Where the person stands: still checking a stored session, logged out, or in. */
export type AuthStatus = 'loading' | 'anonymous' | 'authenticated' | 'error';

/** What {@link useAuth} gives. */
export interface AuthValue {
  status: AuthStatus;
  /** The person, client and role (null unless authenticated). */
  me: Me | null;
  /** The error of the session check when `status` is `error` (server unreachable). */
  error: unknown;
  retry(): void;
  login(input: Login): Promise<Session>;
  signup(input: Signup): Promise<Session>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Query key of the caller (`GET /v1/me`). */
export const meQueryKey = ['me'] as const;

function meFromSession(session: Session): Me {
  return {
    user: session.user,
    client: session.client,
    role: session.role,
    auth: 'user',
    memberships:
      session.client && session.role
        ? [{ client_id: session.client.id, client_name: session.client.name, role: session.role }]
        : [],
  };
}

/** Keeps the session: checks a stored one at start, logs in, signs up, logs out, and notices its end. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const api = useWebApi();
  const client = api.client;
  const queryClient = useQueryClient();
  const toast = useToast();
  const { t } = useI18n();
  const [hasSession, setHasSession] = useState(() => client.auth.hasSession());
  const me = useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => client.me.get({ signal }),
    enabled: hasSession,
    retry: false,
    staleTime: 60_000,
  });

  useEffect(
    () =>
      api.onSessionEnd(() => {
        // A platform admin's read-only view ended: their own session comes back (ADR 0040).
        const left = restoreAdminSession();
        if (left) {
          globalThis.location.assign(`/admin/clients/${left.clientId}`);
          return;
        }
        queryClient.clear();
        setHasSession(false);
        toast({ title: t('session.expired'), tone: 'error' });
      }),
    [api, queryClient, toast, t],
  );

  const start = useCallback(
    (session: Session) => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, meFromSession(session));
      setHasSession(true);
      return session;
    },
    [queryClient],
  );

  const value = useMemo<AuthValue>(() => {
    const unauthorized = RenumApiError.isInstance(me.error) && me.error.status === 401;
    let status: AuthStatus;
    if (!hasSession || unauthorized) status = 'anonymous';
    else if (me.data) status = 'authenticated';
    else if (me.isError) status = 'error';
    else status = 'loading';
    return {
      status,
      me: status === 'authenticated' ? (me.data ?? null) : null,
      error: me.error,
      retry: () => void me.refetch(),
      login: async (input) => start(await client.auth.login(input)),
      signup: async (input) => start(await client.auth.signup(input)),
      logout: async () => {
        await client.auth.logout();
        queryClient.clear();
        setHasSession(false);
      },
    };
  }, [client, hasSession, me, queryClient, start]);

  return <AuthContext value={value}>{children}</AuthContext>;
}

/** The session: status, the caller, and login/signup/logout. */
export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
