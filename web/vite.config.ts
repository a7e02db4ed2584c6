import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { Kind, parse } from 'graphql';
import { defineConfig } from 'vite';

const SUPERGRAPH = process.env.SUPERGRAPH_PATH ?? resolve(import.meta.dirname, '..', 'supergraph.graphql');
const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';

/**
 * The search subgraph may not be composed yet: the app shows search only when the supergraph it is built
 * against has `Query.search` and `Query.suggest` (and still copes at run time, see src/pages/Search.tsx).
 */
function supergraphHasSearch(): boolean {
  const document = parse(readFileSync(SUPERGRAPH, 'utf8'));
  const fields = document.definitions.flatMap((d) =>
    (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === 'Query'
      ? (d.fields ?? []).map((f) => f.name.value)
      : [],
  );
  return fields.includes('search') && fields.includes('suggest');
}

export default defineConfig({
  plugins: [react()],
  define: { __SEARCH_ENABLED__: JSON.stringify(supergraphHasSearch()) },
  // `npm run dev -w @tvstream/web`: the dev server proxies the API like server/index.ts does.
  server: { port: 5173, proxy: { '/graphql': new URL(GATEWAY_URL).origin } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
