import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';

export default defineConfig({
  plugins: [react()],
  // `npm run dev -w @tvstream/web`: the dev server proxies the API like server/index.ts does.
  server: { port: 5173, proxy: { '/graphql': new URL(GATEWAY_URL).origin } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Rolldown's timing report names only Vite's own plugins, and fires whenever the machine is busy
    // (npm start builds while the services start): nothing here could act on it.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
