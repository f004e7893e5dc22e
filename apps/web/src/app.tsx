import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type RouterHistory, RouterProvider } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { AuthProvider, useAuth } from './auth/auth.tsx';
import { I18nProvider, type Locale } from './i18n/i18n.tsx';
import { ApiProvider, type WebApi } from './lib/web-api.tsx';
import { createAppRouter } from './router.tsx';
import { ThemeProvider } from './theme/theme.tsx';
import { ErrorState, LoadingState } from './ui/states.tsx';
import { ToastProvider } from './ui/toast.tsx';

/** A query client whose failed queries retry once, and never for 4xx answers. */
export function createAppQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache(),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failures, error) => {
          const status = (error as { status?: number }).status ?? 0;
          return failures < 1 && (status === 0 || status >= 500);
        },
      },
    },
  });
}

function Routed({ history }: { history: RouterHistory | undefined }) {
  const auth = useAuth();
  const [router] = useState(() => createAppRouter({ context: { auth }, ...(history ? { history } : {}) }));
  // The guards read the auth status: re-run them when it changes (login, logout, expiry).
  // biome-ignore lint/correctness/useExhaustiveDependencies: auth.status is the trigger, not a value read
  useEffect(() => {
    void router.invalidate();
  }, [router, auth.status]);
  if (auth.status === 'loading') {
    return (
      <div className="grid min-h-screen place-items-center">
        <LoadingState />
      </div>
    );
  }
  if (auth.status === 'error') {
    return (
      <div className="grid min-h-screen place-items-center">
        <ErrorState error={auth.error} onRetry={auth.retry} />
      </div>
    );
  }
  return <RouterProvider router={router} context={{ auth }} />;
}

/** The web builder with its providers; `api` and `history` are injectable for tests. */
export function App({
  api,
  history,
  queryClient,
  locale,
}: {
  api: WebApi;
  history?: RouterHistory;
  queryClient?: QueryClient;
  locale?: Locale;
}) {
  const [client] = useState(() => queryClient ?? createAppQueryClient());
  return (
    <I18nProvider {...(locale ? { locale } : {})}>
      <ThemeProvider>
        <ToastProvider>
          <ApiProvider api={api}>
            <QueryClientProvider client={client}>
              <AuthProvider>
                <Routed history={history} />
              </AuthProvider>
            </QueryClientProvider>
          </ApiProvider>
        </ToastProvider>
      </ThemeProvider>
    </I18nProvider>
  );
}
