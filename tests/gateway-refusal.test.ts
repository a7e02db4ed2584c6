import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGatewayConfig } from '../gateway/src/config';
import { startGateway } from '../gateway/src/index';
import type { RunningService } from '@tvstream/service-kit';
import { gql, register, type Session } from './support/client';

/**
 * The gateway refuses a closed field before it plans: a gateway of this test's own routes every subgraph to
 * one recorder, so any subgraph call an operation causes is seen, whatever the answer.
 */
const SUBGRAPHS = ['identity', 'catalog', 'live', 'rights', 'search'];
const calls: string[] = [];
let recorder: Server;
let gateway: RunningService;
let viewer: Session;

beforeAll(async () => {
  recorder = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      calls.push(`${req.url} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: null, errors: [{ message: 'recorder' }] }));
    });
  });
  await new Promise<void>((ready) => recorder.listen(0, '127.0.0.1', ready));
  const recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/graphql`;
  // The gateway reads SUBGRAPH_*_URL from the process environment when it builds its data sources (at start).
  const saved = { ...process.env };
  for (const name of SUBGRAPHS) process.env[`SUBGRAPH_${name.toUpperCase()}_URL`] = recorderUrl;
  try {
    gateway = await startGateway(loadGatewayConfig({ ...process.env, GATEWAY_PORT: '0', LOG_LEVEL: 'silent', PLAYGROUND: 'off' }));
  } finally {
    for (const name of SUBGRAPHS) process.env[`SUBGRAPH_${name.toUpperCase()}_URL`] = saved[`SUBGRAPH_${name.toUpperCase()}_URL`];
  }
  viewer = await register();
});
afterAll(async () => {
  await gateway.stop();
  await new Promise((closed) => recorder.close(closed));
});
beforeEach(() => (calls.length = 0));

const REFUSALS = [
  {
    caller: 'anonymous',
    operation: 'query { users(first: 1) { edges { node { id } } } }',
    code: 'UNAUTHENTICATED',
    field: 'Query.users',
  },
  {
    caller: 'a viewer',
    operation: 'query { users(first: 1) { edges { node { id } } } }',
    code: 'FORBIDDEN',
    field: 'Query.users',
  },
  {
    caller: 'a viewer',
    operation: 'mutation { createMovie(input: { title: "Not yours to make" }) { id } }',
    code: 'FORBIDDEN',
    field: 'Mutation.createMovie',
  },
  {
    caller: 'a viewer (beside an open field)',
    operation: 'query { genres { slug } users(first: 1) { edges { node { id } } } }',
    code: 'FORBIDDEN',
    field: 'Query.users',
  },
];

test.each(REFUSALS.map((r) => [r.caller, r.field, r] as const))(
  '%s selecting %s is refused without any subgraph being called',
  async (_caller, _field, refusal) => {
    const token = refusal.caller === 'anonymous' ? null : viewer.accessToken;
    const res = await gql(refusal.operation, {}, { url: gateway.url, token });
    expect({ data: res.data ?? null, code: res.errors?.[0]?.extensions?.code }).toEqual({ data: null, code: refusal.code });
    expect((res.errors?.[0]?.extensions?.refusedFields as { field: string }[]).map((r) => r.field)).toContain(refusal.field);
    expect(calls).toEqual([]);
  },
);

test('an operation the caller may run does reach its subgraph', async () => {
  await gql('query { genres { slug } }', {}, { url: gateway.url, token: viewer.accessToken });
  expect(calls).toHaveLength(1);
  expect(calls[0]).toContain('genres');
});
