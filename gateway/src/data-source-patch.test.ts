import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';

/**
 * patches/@apollo+gateway builds node-fetch's Request for a subgraph call only when a hook reads it: what the
 * data source answers, and what its hooks receive, stay as they were.
 */
const answer = (body: object): FetcherResponse =>
  ({
    ok: true,
    status: 200,
    statusText: 'OK',
    url: 'http://subgraph.test/graphql',
    headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
    json: async () => body,
    text: async () => JSON.stringify(body),
  }) as unknown as FetcherResponse;

const call = (source: RemoteGraphQLDataSource) => source.process({ kind: 'HEALTH_CHECK' as never, request: { query: '{ __typename }' }, context: {} });

test('a subgraph answer is read without building a Request', async () => {
  const fetcher: Fetcher = async () => answer({ data: { __typename: 'Query' } });
  const response = await call(new RemoteGraphQLDataSource({ url: 'http://subgraph.test/graphql', fetcher }));
  expect(response.data).toEqual({ __typename: 'Query' });
});

test('a data source reading the request in parseBody still gets it', async () => {
  const seen: string[] = [];
  class Reading extends RemoteGraphQLDataSource {
    override parseBody(response: FetcherResponse, request?: { url: string; method: string }) {
      seen.push(`${request?.method} ${request?.url}`);
      return super.parseBody(response);
    }
  }
  const fetcher: Fetcher = async () => answer({ data: { __typename: 'Query' } });
  await call(new Reading({ url: 'http://subgraph.test/graphql', fetcher }));
  expect(seen).toEqual(['POST http://subgraph.test/graphql']);
});

test('a failed call hands didEncounterError the request it made', async () => {
  const seen: string[] = [];
  class Watching extends RemoteGraphQLDataSource {
    override didEncounterError(error: Error, request: { url: string; method: string }) {
      seen.push(`${error.message} ${request.method} ${request.url}`);
    }
  }
  const fetcher: Fetcher = async () => {
    throw new Error('connect ECONNREFUSED');
  };
  await expect(call(new Watching({ url: 'http://subgraph.test/graphql', fetcher }))).rejects.toThrow('ECONNREFUSED');
  expect(seen).toEqual(['connect ECONNREFUSED POST http://subgraph.test/graphql']);
});
