import { buildSchema, graphql } from 'graphql';
import { FetchBatches, mergeOperations, splitResponse, type BatchableRequest, type BatchableResponse } from './fetch-batch';

/** A stand-in subgraph, executed by graphql-js: entities by id, one of which fails. */
const schema = buildSchema(`
  type Title { id: ID! entitled: Boolean! }
  type Query { _entities(representations: [ID!]!): [Title]! genres(first: Int): [String!]! }
`);
const rootValue = {
  _entities: ({ representations }: { representations: string[] }) =>
    representations.map((id) => (id === 'broken' ? new Error(`no ${id}`) : { id, entitled: id.startsWith('owned') })),
  genres: ({ first }: { first: number }) => ['drama', 'comedy', 'news'].slice(0, first),
};
/** The subgraph's answer (without error locations, which name places in the document sent). */
async function execute(request: BatchableRequest): Promise<BatchableResponse> {
  const answer = JSON.parse(JSON.stringify(await graphql({ schema, rootValue, source: request.query!, variableValues: request.variables })));
  answer.errors?.forEach((error: { locations?: unknown }) => delete error.locations);
  return answer;
}

const TITLES = 'query Home__rights__1($representations:[ID!]!){_entities(representations:$representations){...E}} fragment E on Title{id entitled}';
const CHANNELS = 'query Home__rights__2($representations:[ID!]!){_entities(representations:$representations){... on Title{entitled}}}';
const GENRES = 'query G($first:Int){all:genres(first:$first) genres}';

test('merged fetches answer each fetch exactly as it would have been answered alone', async () => {
  const requests: BatchableRequest[] = [
    { query: TITLES, operationName: 'Home__rights__1', variables: { representations: ['owned-1', 'other-2'] } },
    { query: CHANNELS, operationName: 'Home__rights__2', variables: { representations: ['other-3', 'broken', 'owned-4'] } },
    { query: GENRES, variables: { first: 2 } },
  ];
  const merged = mergeOperations(requests)!;
  expect(merged.operationName).toBe('Home__rights__1__batch');
  expect(merged.query).toContain('b0__entities: _entities(representations: $b0_representations)');
  expect(merged.query).toContain('fragment b0_E on Title');
  const parts = splitResponse(merged, await execute(merged))!;
  const alone = await Promise.all(requests.map(execute));
  expect(parts).toEqual(alone);
  // The failed entity's error is the second fetch's, at its own path.
  expect(parts[1].errors).toEqual([expect.objectContaining({ message: 'no broken', path: ['_entities', 1] })]);
});

test('the same fetches merged again, as on the next request of a screen, carry that request’s own variables', async () => {
  const request = (first: number, representations: string[]): BatchableRequest[] => [
    { query: TITLES, operationName: 'Home__rights__1', variables: { representations } },
    { query: GENRES, variables: { first } },
  ];
  const [one, two] = [mergeOperations(request(1, ['owned-1']))!, mergeOperations(request(3, ['other-2', 'owned-3']))!];
  expect(two.query).toBe(one.query);
  expect(two.variables).toEqual({ b0_representations: ['other-2', 'owned-3'], b1_first: 3 });
  expect(splitResponse(two, await execute(two))).toEqual(await Promise.all(request(3, ['other-2', 'owned-3']).map(execute)));
  expect(mergeOperations([{ query: TITLES }, { query: 'mutation { x }' }])).toBeNull();
  expect(mergeOperations([{ query: TITLES }, { query: 'mutation { x }' }])).toBeNull();
});

test('what cannot be merged or split faithfully is not', async () => {
  expect(mergeOperations([{ query: TITLES }, { query: 'mutation { x }' }])).toBeNull();
  expect(mergeOperations([{ query: TITLES }, { query: '{ ...on Query { genres } }' }])).toBeNull();
  expect(mergeOperations([{ query: TITLES }, { query: '{ genres' }])).toBeNull();
  const merged = mergeOperations([{ query: GENRES }, { query: GENRES }])!;
  // A request refused as a whole (no data, or an error naming no fetch's field) is not split.
  expect(splitResponse(merged, { errors: [{ message: 'too costly' }] })).toBeNull();
  expect(splitResponse(merged, { data: { b0_all: [], b0_genres: [], b1_all: [], b1_genres: [] }, errors: [{ message: 'x' }] })).toBeNull();
});

test("fetches of one group that start together go as one request; a refused merge goes one by one; groups don't mix", async () => {
  const sent: string[] = [];
  let refuse = false;
  const batches = new FetchBatches<BatchableRequest, BatchableResponse>(
    (request) => request,
    async (request, merged) => {
      sent.push(merged ? merged.operationName : request.operationName!);
      if (merged && refuse) return { errors: [{ message: 'refused' }] };
      return execute(merged ?? request);
    },
  );
  const first = { query: CHANNELS, operationName: 'A', variables: { representations: ['owned-1'] } };
  const second = { query: CHANNELS, operationName: 'B', variables: { representations: ['other-1'] } };
  const [groupA, groupB] = [{}, {}];
  const answers = await Promise.all([batches.fetch(groupA, first), batches.fetch(groupA, second), batches.fetch(groupB, second)]);
  expect(sent.sort()).toEqual(['A__batch', 'B']);
  expect(answers).toEqual([await execute(first), await execute(second), await execute(second)]);

  sent.length = 0;
  refuse = true;
  expect(await Promise.all([batches.fetch(groupA, first), batches.fetch(groupA, second)])).toEqual([await execute(first), await execute(second)]);
  expect(sent).toEqual(['A__batch', 'A', 'B']);
});
