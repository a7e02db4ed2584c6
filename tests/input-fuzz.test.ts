import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildASTSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { SUPERGRAPH_SDL } from '../scripts/compose-supergraph';
import { adminSession, gql, register, sessionWithRoles, type Session } from './support/client';

/**
 * Whatever a client sends as arguments — forged cursors, ids that are not ids, dates that are not dates,
 * LIKE wildcards, NUL characters, huge numbers — the answer is a value or a coded refusal, never an
 * internal error (which is where database errors and bugs surface).
 */
const forgedCursor = fc
  .array(
    fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.uuid(),
      fc.integer(),
      fc.constant(null),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    ),
    { maxLength: 3 },
  )
  .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url'));
const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', '%', '_', '%_%', '\\', "'; --", '\u0000', 'a\u0000b', 'not-a-uuid', '2026-13-45T25:61:00Z', ' '.repeat(300)),
  forgedCursor,
);
const instant = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  nastyText,
);

function arbitraryOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryOf(type.ofType, depth);
  const value = (() => {
    if (isListType(type)) return fc.array(arbitraryOf(type.ofType, depth + 1), { maxLength: 3 });
    if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
    if (isInputObjectType(type)) {
      if (depth > 3) return fc.constant({});
      return fc.record(Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, arbitraryOf(f.type, depth + 1)])), {
        requiredKeys: Object.values(type.getFields())
          .filter((f) => isNonNullType(f.type))
          .map((f) => f.name),
      });
    }
    switch (type.name) {
      case 'Int':
        return fc.oneof(fc.integer({ min: -5, max: 200 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
      case 'Float':
        return fc.double({ noNaN: true, noDefaultInfinity: true });
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return fc.oneof(fc.uuid(), nastyText);
      case 'DateTime':
        return instant;
      default:
        return nastyText;
    }
  })();
  return isNonNullType(type) ? value : fc.option(value, { nil: null });
}

const schema = buildASTSchema(parse(readFileSync(SUPERGRAPH_SDL, 'utf8')), { assumeValidSDL: true });
const fieldsWithArguments = Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.length > 0);

function operationFor(field: GraphQLField<unknown, unknown>, kind: 'query' | 'mutation' = 'query') {
  const variables = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind} Fuzz(${variables}) { ${field.name}(${args})${selection} }`;
}

/**
 * Mutations the fuzz leaves alone, because what they would do with random input reaches other suites'
 * data in the shared database: they create content every viewer sees (rails, channels, the guide, plans and
 * offers, catalogue entries in editors' lists) or act on every account at once (renewals, the search index).
 * Every other mutation acts on the caller's own (fresh) account or on the ids it is given, random here.
 */
const SHARED_EFFECTS = new Set([
  'createMovie',
  'createSeries',
  'createCollection',
  'createChannel',
  'createProgramme',
  'importXmltv',
  'createPackage',
  'createPlan',
  'createOffer',
  'runRenewals',
  'reindex',
]);
const fuzzedMutations = Object.values(schema.getMutationType()!.getFields()).filter((f) => f.args.length > 0 && !SHARED_EFFECTS.has(f.name));

let admin: Session;
beforeAll(async () => {
  admin = await adminSession();
});

test.each(fieldsWithArguments.map((f) => [f.name, f] as const))(
  'Query.%s never answers INTERNAL_SERVER_ERROR, whatever its arguments',
  async (_name, field) => {
    const operation = operationFor(field);
    const args = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitraryOf(a.type)])));
    await fc.assert(
      fc.asyncProperty(args, async (variables) => {
        const res = await gql(operation, variables, { token: admin.accessToken });
        const internal = (res.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.message.startsWith('Syntax Error'));
        expect({ variables, internal, status: res.status < 500 }).toEqual({ variables, internal: [], status: true });
      }),
      { numRuns: 40 },
    );
  },
);

describe.each([
  ['a fresh viewer', () => register()],
  ['a fresh administrator', () => sessionWithRoles(['VIEWER', 'ADMIN'])],
] as const)('mutations as %s', (_who, signIn) => {
  let caller: Session;
  beforeAll(async () => {
    caller = await signIn();
  });

  test.each(fuzzedMutations.map((f) => [f.name, f] as const))(
    'Mutation.%s never answers INTERNAL_SERVER_ERROR, whatever its arguments',
    async (_name, field) => {
      const operation = operationFor(field, 'mutation');
      const args = fc.record(Object.fromEntries(field.args.map((a) => [a.name, arbitraryOf(a.type)])));
      await fc.assert(
        fc.asyncProperty(args, async (variables) => {
          const res = await gql(operation, variables, { token: caller.accessToken });
          const internal = (res.errors ?? []).filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.message.startsWith('Syntax Error'));
          expect({ variables, internal, status: res.status < 500 }).toEqual({ variables, internal: [], status: true });
        }),
        { numRuns: 25 },
      );
    },
  );
});

test('the mutations left out are only those with shared effects, and each still exists', () => {
  const mutations = Object.keys(schema.getMutationType()!.getFields());
  expect([...SHARED_EFFECTS].filter((name) => !mutations.includes(name))).toEqual([]);
});

test('a well-formed cursor of the wrong kinds is BAD_USER_INPUT on every connection', async () => {
  const forged = Buffer.from(JSON.stringify([4779.777, 'not-a-uuid'])).toString('base64url');
  const connections = Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.some((a) => a.name === 'after'));
  expect(connections.map((f) => f.name).sort()).toEqual(['search', 'titles', 'users']);
  for (const field of connections) {
    const required = field.args.filter((a) => isNonNullType(a.type) && a.name !== 'after').map((a) => `${a.name}: ""`);
    const res = await gql(
      `query($after: String) { ${field.name}(${[...required, 'after: $after'].join(', ')}) { __typename } }`,
      { after: forged },
      { token: admin.accessToken },
    );
    expect({ field: field.name, codes: res.errors?.map((e) => e.extensions?.code) }).toEqual({ field: field.name, codes: ['BAD_USER_INPUT'] });
  }
});

test('emailContains matches % and _ literally', async () => {
  // A marker of this test's own, so other suites' accounts in the shared database cannot answer for it.
  const marker = `lit${randomUUID().slice(0, 8)}`;
  await register(`${marker}x@tests.tvstream.dev`);
  const USERS = `query($f: UserFilter) { users(filter: $f, first: 100) { edges { node { email } } } }`;
  const emails = async (emailContains: string) =>
    ((await gql(USERS, { f: { emailContains } }, { token: admin.accessToken })).data?.users.edges ?? []).map((e: { node: { email: string } }) => e.node.email);
  expect(await emails(marker)).toEqual([`${marker}x@tests.tvstream.dev`]);
  // As LIKE patterns, `marker%` and `marker_` would both match the account above.
  for (const wildcard of ['%', '_', '%_%']) expect(await emails(`${marker}${wildcard}`)).toEqual([]);
});
