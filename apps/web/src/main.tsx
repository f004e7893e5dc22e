import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { loadErrorMessages } from './lib/describe-error.ts';
import { createWebApi } from './lib/web-api.tsx';
import { applyTheme } from './theme/theme.tsx';
import './styles.css';

// Before the first paint, so a dark-theme person does not see a white flash.
applyTheme();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App api={createWebApi()} />
  </StrictMode>,
);

// The less common error codes' messages, out of the first load (ADR 0036); a failed load leaves the
// server's own message in their place.
loadErrorMessages().catch((error: unknown) => console.warn('error messages not loaded', error));
