/**
 * Stock @apollo/gateway behind @apollo/server's standalone server, with the same keep-alive fetcher as
 * ours: the peer `npm run bench -- gateways` compares this gateway with. Forwards the caller's token.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { supergraphForPlanner } from '../../gateway/src/supergraph';

type NodeFetch = (url: string, init?: object) => Promise<unknown>;
// Loaded as an ES module here (tsx), node-fetch 2's CommonJS export arrives as `default`.
const nodeFetchModule = require('node-fetch') as NodeFetch & { default?: NodeFetch }; // eslint-disable-line @typescript-eslint/no-require-imports
const nodeFetch = nodeFetchModule.default ?? nodeFetchModule;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const fetcher = ((url: string, init?: object) => nodeFetch(url, { ...init, agent })) as unknown as Fetcher;

interface Context {
  authorization?: string;
}

class Forwarding extends RemoteGraphQLDataSource<Context> {
  override willSendRequest({ request, context }: Parameters<RemoteGraphQLDataSource<Context>['willSendRequest'] & {}>[0]) {
    if (context?.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

async function main() {
  const gateway = new ApolloGateway({
    // Stock @apollo/gateway refuses SECURITY features it does not enforce; it loads them unmarked, as ours does.
    supergraphSdl: supergraphForPlanner(readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8')),
    buildService: ({ url }) => new Forwarding({ url, fetcher }),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: Number(process.env.PORT) },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  console.log(`stock @apollo/gateway at ${url}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
