/**
 * No gateway either: Debian's HAProxy, an event-driven proxy in C, routing `/<subgraph>/graphql` (and
 * `/graphql`, to identity) as bench/peers/plain-proxy.ts does, with keep-alive connections to the subgraphs.
 * What a hop costs on this machine when the hop itself costs almost nothing: the floor beneath the plain Node
 * proxy, and so beneath any gateway written in Node.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** HAProxy's arguments for a proxy on `port` in front of `subgraphs` (name → GraphQL URL); its config goes in `dir`. */
export function haproxyArguments(port: number, subgraphs: Record<string, string>, dir: string): string[] {
  const backends = Object.entries(subgraphs).filter(([name]) => name !== 'gateway');
  const config = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  http-reuse always',
    'frontend graphql',
    `  bind 127.0.0.1:${port}`,
    ...backends.map(([name]) => `  use_backend ${name} if { path_beg /${name}/ }`),
    '  default_backend identity',
    ...backends.flatMap(([name, url]) => {
      const { host, pathname } = new URL(url);
      return [`backend ${name}`, `  http-request set-path ${pathname}`, `  server ${name} ${host}`];
    }),
    '',
  ].join('\n');
  const file = resolve(dir, `haproxy-${port}.cfg`);
  writeFileSync(file, config);
  return ['-db', '-f', file];
}
