import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { supergraphForPlanner } from './supergraph';

/**
 * patches/@apollo+gateway builds the operation it executes once per parsed document instead of on every
 * request, and patches/@apollo+server negotiates each Accept header once. Answers must not notice: the same
 * text with other variables, another document under the same operation name, and each Accept header get
 * what they got before.
 */
const supergraphSdl = supergraphForPlanner(readFileSync(resolve(__dirname, '..', '..', 'supergraph.graphql'), 'utf8'));

/** identity as a stand-in: every `me` it is asked for, with all the fields a query here can select. */
const identity: GraphQLDataSource = {
  process: async () => ({ data: { me: { id: 'u1', displayName: 'Ada', email: 'ada@example.com' } } }),
};

let server: ApolloServer;
beforeAll(async () => {
  const gateway = new ApolloGateway({ supergraphSdl, buildService: () => identity });
  server = new ApolloServer({ gateway });
  await server.start();
});
afterAll(() => server.stop());

const ask = async (query: string, variables: Record<string, unknown> = {}, accept?: string) => {
  const headers = new Map([['content-type', 'application/json'], ...(accept === undefined ? [] : [['accept', accept] as [string, string]])]);
  const answer = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers: headers as never, search: '', body: { query, variables } },
    context: async () => ({}),
  });
  const body = answer.body.kind === 'complete' ? JSON.parse(answer.body.string) : null;
  return { status: answer.status ?? 200, contentType: answer.headers.get('content-type'), body };
};

const ME = 'query Me($withEmail: Boolean!) { me { id email @include(if: $withEmail) ...Named } } fragment Named on User { displayName }';

test('one query text asked with other variables is shaped for each', async () => {
  expect((await ask(ME, { withEmail: true })).body).toEqual({ data: { me: { id: 'u1', email: 'ada@example.com', displayName: 'Ada' } } });
  expect((await ask(ME, { withEmail: false })).body).toEqual({ data: { me: { id: 'u1', displayName: 'Ada' } } });
  expect((await ask(ME, { withEmail: true })).body).toEqual({ data: { me: { id: 'u1', email: 'ada@example.com', displayName: 'Ada' } } });
});

test('another document under the same operation name gets its own fields', async () => {
  await ask(ME, { withEmail: true });
  const other = 'query Me { me { displayName ...Id } } fragment Id on User { id }';
  expect((await ask(other)).body).toEqual({ data: { me: { displayName: 'Ada', id: 'u1' } } });
  expect((await ask(ME, { withEmail: false })).body).toEqual({ data: { me: { id: 'u1', displayName: 'Ada' } } });
});

test('each Accept header gets the media type it prefers, every time it is sent', async () => {
  const query = '{ me { id } }';
  for (let round = 0; round < 2; round++) {
    expect((await ask(query, {}, 'application/graphql-response+json')).contentType).toBe('application/graphql-response+json; charset=utf-8');
    expect((await ask(query, {}, 'application/graphql-response+json;q=0.5, application/json')).contentType).toBe('application/json; charset=utf-8');
    expect((await ask(query, {})).contentType).toBe('application/json; charset=utf-8');
    const refused = await ask(query, {}, 'text/html');
    expect(refused.status).toBe(406);
    expect(refused.body.errors[0].message).toMatch(/does not accept/);
  }
});

test('an Accept header longer than any kept is still negotiated', async () => {
  const long = `${'application/x-unknown;q=0.1, '.repeat(30)}application/graphql-response+json`;
  for (let round = 0; round < 2; round++) expect((await ask('{ me { id } }', {}, long)).contentType).toBe('application/graphql-response+json; charset=utf-8');
});
