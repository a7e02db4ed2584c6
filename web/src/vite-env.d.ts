/// <reference types="vite/client" />

/** Set at build time from the supergraph (vite.config.ts): true when it has Query.search and Query.suggest. */
declare const __SEARCH_ENABLED__: boolean;
