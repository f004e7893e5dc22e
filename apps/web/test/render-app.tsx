import { createMemoryHistory } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { App } from '../src/app.tsx';
import type { fakeApi } from './fake-api.ts';

/** Renders the whole app at `path` on a fake API; returns the memory history to check where it went. */
export function renderApp(api: ReturnType<typeof fakeApi>, path: string, locale: 'en' | 'pt-BR' = 'en') {
  const history = createMemoryHistory({ initialEntries: [path] });
  render(<App api={api} history={history} locale={locale} />);
  return history;
}

/** Stores a signed-in session, valid for ten more minutes, where the app looks for it at start. */
export function storeSession() {
  localStorage.setItem(
    'renum.session',
    JSON.stringify({
      accessToken: 'access-token',
      refreshToken: 'refresh-token-0123456789',
      accessExpiresAt: Date.now() + 600_000,
    }),
  );
}
