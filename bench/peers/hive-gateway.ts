/**
 * Hive Gateway (its runtime, programmatically) on the same supergraph, with its own JavaScript query planner
 * or, with HIVE_PLANNER=rust, Hive Router's Rust planner (@graphql-hive/router-runtime). Forwards the
 * caller's token. A peer for `npm run bench -- gateways` only.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';

const gateway = createGatewayRuntime({
  supergraph: () => readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8'),
  ...(process.env.HIVE_PLANNER === 'rust' ? { unifiedGraphHandler } : {}),
  propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }) },
  logging: 'warn',
});

createServer(gateway.requestListener).listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`Hive Gateway (${process.env.HIVE_PLANNER === 'rust' ? 'Rust planner' : 'JavaScript planner'}) on port ${process.env.PORT}`);
});
