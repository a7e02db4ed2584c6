import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  operationFromDocument,
  possibleRuntimeTypes,
  Supergraph,
  type CompositeType,
  type Operation,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import { Kind, parse } from 'graphql';
// The patched module exports Apollo's own shaping as computeResponseReference (patches/@apollo+gateway).
import * as resultShaping from '@apollo/gateway/dist/resultShaping';
import { supergraphForPlanner } from './supergraph';

/**
 * patches/@apollo+gateway shapes answers from the operation compiled once instead of reading its selections
 * for every value. Whatever the subgraphs answer, valid or not, the client must get what Apollo's own shaping
 * gives: the same data with its keys in the same order, the same errors at the same paths, the same failure.
 * Every operation the web app sends, the home and a few that reach the rarer branches are shaped from
 * generated subgraph answers that are sometimes wrong (nulls where none may be, missing fields, values of the
 * wrong type, unknown or unsuitable __typenames, a single value where a list belongs), by both.
 */
type Shape = (args: { operation: Operation; variables: Record<string, unknown>; input: unknown; introspectionHandling: (selection: unknown) => unknown }) => {
  data: unknown;
  errors: { message: string; path?: ReadonlyArray<string | number>; extensions?: Record<string, unknown> }[];
};
const { computeResponse, computeResponseReference } = resultShaping as unknown as { computeResponse: Shape; computeResponseReference: Shape };

const supergraph = Supergraph.build(supergraphForPlanner(readFileSync(resolve(__dirname, '..', '..', 'supergraph.graphql'), 'utf8')));
const apiSchema = supergraph.apiSchema();
const webDocuments: Record<string, string> = JSON.parse(
  readFileSync(resolve(__dirname, '..', '..', 'web', 'src', 'generated', 'persisted-documents.json'), 'utf8'),
);

const HOME = `query Home {
  collections { id name kind
    titles(first: 20) { __typename id title releaseYear genres { slug name } artwork { kind url }
      ... on Movie { entitled } ... on Series { entitled } } }
  channels { id number name logoUrl entitled nowNext { now { id title start end entitled } next { id title start end } } }
}`;
/**
 * Aliases over one another, the same field from two fragments (a list filled by both), conditions, names an
 * object has built in, __typename aliased and on a union.
 */
const RARE = [
  `query Rare($withGenres: Boolean!, $skipYear: Boolean = false) {
    kindOf: __typename
    collections { id ... on Collection { id name } titles(first: 3) { t: __typename kind: __typename
      id id2: id ... on Movie { runtimeMinutes: id entitled } ... on Title { title releaseYear @skip(if: $skipYear) }
      genres @include(if: $withGenres) { slug } genres @include(if: $withGenres) { name } } }
  }`,
  `query Twice { collections { titles(first: 3) { ... on Movie { genres { slug } } ... on Title { genres { name } } } } }`,
  `query Proto { __proto__: collections { constructor: id hasOwnProperty: name toJSON: kind } }`,
  `query Found($q: String!) { search(query: $q) { totalCount edges { node { id title result { __typename ... on Movie { id title }
    ... on Series { id } ... on Channel { id name } ... on Title { title } } } } } }`,
];

/** A small seeded generator, so that a failure names the seed that reproduces it. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { chance: (p: number) => next() < p, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}

/** A subgraph answer for a selection set: mostly what the schema promises, now and then not (`wrongness`). */
function answerFor(selectionSet: SelectionSet, type: CompositeType, rng: ReturnType<typeof random>, wrongness: number): Record<string, unknown> {
  const runtimeTypes = possibleRuntimeTypes(type);
  const object: Record<string, unknown> = {};
  const typename = rng.chance(wrongness) ? rng.pick([undefined, 'NoSuchType', 'String', 'Title', runtimeTypes[0]?.name]) : rng.pick(runtimeTypes).name;
  if (typename !== undefined) object.__typename = typename;
  fill(object, selectionSet, rng, wrongness);
  return object;
}

function fill(object: Record<string, unknown>, selectionSet: SelectionSet, rng: ReturnType<typeof random>, wrongness: number): void {
  for (const selection of selectionSet.selections()) {
    if (selection.kind === 'FragmentSelection') {
      fill(object, selection.selectionSet, rng, wrongness);
      continue;
    }
    const field = selection.element;
    if (field.name === '__typename' || rng.chance(wrongness / 4)) continue;
    const existing: unknown = Object.getOwnPropertyDescriptor(object, field.responseName())?.value;
    if (existing !== undefined && selection.selectionSet) {
      // Selected again (another fragment): the subgraph's one value carries the fields of both.
      fillEvery(existing, selection.selectionSet, rng, wrongness);
      continue;
    }
    // Defined, not assigned: an alias `__proto__` is an own field of a subgraph's JSON answer.
    Object.defineProperty(object, field.responseName(), {
      value: valueFor(field.definition.type!, selection.selectionSet, rng, wrongness),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

function fillEvery(value: unknown, selectionSet: SelectionSet, rng: ReturnType<typeof random>, wrongness: number): void {
  if (Array.isArray(value)) for (const element of value) fillEvery(element, selectionSet, rng, wrongness);
  else if (typeof value === 'object' && value !== null) fill(value as Record<string, unknown>, selectionSet, rng, wrongness);
}

function valueFor(type: Type, selectionSet: SelectionSet | undefined, rng: ReturnType<typeof random>, wrongness: number): unknown {
  if (rng.chance(wrongness / 3)) return null;
  if (isNonNullType(type)) return valueFor(type.ofType, selectionSet, rng, wrongness);
  if (isListType(type)) {
    if (rng.chance(wrongness / 10)) return 'not a list';
    return Array.from({ length: rng.pick([0, 1, 2, 3]) }, () => valueFor(type.ofType, selectionSet, rng, wrongness));
  }
  if (isCompositeType(type)) {
    if (rng.chance(wrongness / 10)) return 42;
    return answerFor(selectionSet!, type, rng, wrongness);
  }
  if (rng.chance(wrongness)) return rng.pick([1.5, 7, 'text', true, { nested: 1 }, [1]]);
  if (isEnumType(type)) return rng.pick(type.values).name;
  if (isCustomScalarType(type)) return '2026-12-03T10:00:00.000Z';
  switch (type.name) {
    case 'Int':
      return rng.pick([0, 3, -12]);
    case 'Float':
      return rng.pick([0.5, 2]);
    case 'Boolean':
      return rng.chance(0.5);
    default:
      return rng.pick(['a', 'Ada', '']);
  }
}

/** What a client would receive from one shaping, or the failure it raises. */
function outcome(shape: Shape, operation: Operation, variables: Record<string, unknown>, input: unknown) {
  try {
    const { data, errors } = shape({ operation, variables, input, introspectionHandling: () => ({ introspected: true }) });
    return {
      data: JSON.stringify(data),
      errors: errors.map((error) => ({ message: error.message, path: error.path, code: error.extensions?.code })),
    };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

const operations = [...Object.values(webDocuments), HOME, ...RARE].flatMap((text) => {
  const document = parse(text);
  return document.definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [{ name: definition.name.value, document }] : [],
  );
});

test('the operations shaped here are the web app’s, the home and the rare ones', () => {
  expect(operations.length).toBeGreaterThanOrEqual(Object.keys(webDocuments).length + 1 + RARE.length);
});

test.each(operations.map((operation) => [operation.name, operation] as const))(
  '%s: the compiled shaping gives what Apollo’s gives, for answers right and wrong',
  (_name, { name, document }) => {
    const operation = operationFromDocument(apiSchema, document, { operationName: name });
    const root = apiSchema.schemaDefinition.rootType(operation.rootKind)!;
    const seen = { errors: 0, threw: 0, fine: 0 };
    for (let seed = 0; seed < 60; seed++) {
      const rng = random(seed * 7919 + name.length);
      const wrongness = seed < 10 ? 0 : rng.pick([0.02, 0.1, 0.3]);
      const input = answerFor(operation.selectionSet, root, rng, wrongness);
      delete input.__typename;
      const variables = { withGenres: rng.chance(0.5), skipYear: rng.chance(0.5) };
      const expected = outcome(computeResponseReference, operation, variables, input);
      // Twice: the second time from the compiled steps kept by the first.
      for (let round = 0; round < 2; round++) {
        expect({ seed, ...outcome(computeResponse, operation, variables, input) }).toEqual({ seed, ...expected });
      }
      if ('threw' in expected) seen.threw++;
      else if (expected.errors.length > 0) seen.errors++;
      else seen.fine++;
    }
    // The generator reached both the answers that shape cleanly and the ones that do not.
    expect(seen.fine).toBeGreaterThan(0);
    expect(seen.errors + seen.threw).toBeGreaterThan(0);
  },
);
