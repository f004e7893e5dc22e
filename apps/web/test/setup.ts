import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { loadLocale } from '../src/i18n/i18n.tsx';

// Pages are lazily loaded route chunks (ADR 0036): in a test the first visit of a page transforms its
// modules on the spot, which can take more than testing-library's default second on a busy machine (past
// 5 s with the rest of the suite and other work on 2 cores). Only a wait that fails lasts this long.
configure({ asyncUtilTimeout: 15_000 });

// The Portuguese catalogue is loaded on demand in the app; tests render either language at once.
beforeAll(() => loadLocale('pt-BR'));

afterEach(() => {
  cleanup();
  localStorage.clear();
  document.documentElement.className = '';
});
