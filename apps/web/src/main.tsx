import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
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
