import { readFileSync } from 'node:fs';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { queryLimits } from '@tvstream/service-kit';
import { SUPERGRAPH_SDL } from '../scripts/compose-supergraph';
import { supergraphForPlanner } from '../gateway/src/supergraph';
import { gql, register } from './support/client';

const CARD = `fragment Card on Title {
  __typename id title releaseYear genres { slug name } artwork { kind url } ... on Movie { entitled } ... on Series { entitled }
}`;
const WEB_CARD = '__typename id slug title releaseYear maturityRating artwork { kind url }';

/** Screens as their root fields: the signed-in home of the issue (editors' rails, a popular rail, channels)... */
const FIVE_RAIL_HOME = [
  'collections { id name kind titles(first: 20) { ...Card } }',
  'titles(sort: POPULAR, first: 20) { edges { node { ...Card } } }',
  'channels { id number name logoUrl entitled nowNext { now { id title start end entitled } next { id title start end } } }',
];
/** ...and the web app's home page. */
const WEB_HOME = [
  'genres { slug name }',
  `collections { id name kind titles(first: 20) { ${WEB_CARD} } }`,
  `titles(sort: POPULAR, first: 20) { edges { node { ${WEB_CARD} } } }`,
  `titles(sort: NEWEST, first: 20) { edges { node { ${WEB_CARD} } } }`,
];
/** What no screen asks: every episode of a hundred series, with the credits of each title. */
const GREEDY = [
  'titles(first: 100) { edges { node { credits { name role } ... on Series { seasons { episodes { id title synopsis video { manifestPath } } } } } } }',
];

/** One operation asking each root field `copies` times (under aliases), so its cost is `copies` times one. */
const operation = (fields: string[], copies = 1) =>
  `${fields.some((f) => f.includes('...Card')) ? CARD : ''}
  query Screen { ${Array.from({ length: copies }, (_, copy) => fields.map((field, i) => `f${copy}_${i}: ${field}`).join('\n')).join('\n')} }`;

const schema: GraphQLSchema = Supergraph.build(supergraphForPlanner(readFileSync(SUPERGRAPH_SDL, 'utf8')))
  .apiSchema()
  .toGraphQLJSSchema();
const refusals = (document: string) => validate(schema, parse(document), queryLimits().validationRules).map((e) => e.message);

describe('query cost limits (the gateway and every subgraph apply the same)', () => {
  test('the home screens pass with room for twice as much', () => {
    for (const screen of [FIVE_RAIL_HOME, WEB_HOME]) expect(refusals(operation(screen, 2))).toEqual([]);
  });

  test('a query far beyond any screen is refused', () => {
    expect(refusals(operation(GREEDY))).toEqual([expect.stringMatching(/Query Cost limit of \d+ exceeded/)]);
  });

  test('the five-rail home answers through the gateway, for a viewer and for anyone', async () => {
    const viewer = await register();
    for (const token of [viewer.accessToken, null]) {
      const res = await gql(operation(FIVE_RAIL_HOME), {}, { token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.f0_0).toEqual(expect.any(Array));
    }
  });
});
