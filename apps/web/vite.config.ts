import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev:web` runs this dev server; the API runs beside it (`npm start`, port 3000 by default).
const apiTarget = process.env.RENUM_API_URL ?? 'http://127.0.0.1:3000';

// What the first load and every page share: React, TanStack Query and Router.
const sharedLibrary =
  /node_modules[\\/](?:react|react-dom|scheduler|use-sync-external-store|@tanstack[\\/][\w-]+)[\\/]/;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), tailwindcss()],
  // One bundle for now (~230 kB gzipped); split pages with lazy routes when it grows.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    // The libraries every page needs (React, TanStack) in one chunk of the first load: left to automatic
    // splitting they came as many small files, each gzipped on its own (ADR 0053).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'vendor', test: sharedLibrary }],
        },
      },
    },
  },
  server: {
    port: 5173,
    host: '127.0.0.1',
    proxy: {
      '/v1': { target: apiTarget, changeOrigin: false },
      '/docs': { target: apiTarget },
      '/health': { target: apiTarget },
    },
  },
});
