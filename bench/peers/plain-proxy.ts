/**
 * No gateway at all: a plain Node HTTP reverse proxy (proxy.ts) in front of the subgraphs. The cheapest hop
 * Node can add in front of a subgraph: what any gateway on this machine can at best reach against the
 * subgraph directly.
 */
import { serveProxy } from './proxy';

serveProxy();
