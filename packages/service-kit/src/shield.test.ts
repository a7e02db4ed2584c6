import { applyMiddleware } from 'graphql-middleware';
import { buildSchema, graphql } from 'graphql';
import { allow, and, chain, deny, not, or, race, rule, shield } from 'graphql-shield';

/**
 * graphql-shield 7.6.5 calls util.isUndefined in its chain and race rules, which Node 23 removed; the project
 * runs on Node 24 with the patch in patches/. Every logic rule is run here through a real schema.
 */
const isAdmin = rule({ cache: 'no_cache' })((_parent, _args, ctx: { admin: boolean }) => ctx.admin);
const schema = buildSchema('type Query { chained: String  raced: String  both: String  either: String  negated: String }');
const rootValue = { chained: 'c', raced: 'r', both: 'b', either: 'e', negated: 'n' };
const shielded = applyMiddleware(
  schema,
  shield(
    { Query: { chained: chain(allow, isAdmin), raced: race(deny, isAdmin), both: and(allow, isAdmin), either: or(deny, isAdmin), negated: not(isAdmin) } },
    { fallbackError: 'refused' },
  ),
);
const run = async (admin: boolean) => {
  const res = await graphql({ schema: shielded, source: '{ chained raced both either negated }', rootValue, contextValue: { admin } });
  return { data: res.data, errors: res.errors?.map((e) => `${e.path?.join('.')}: ${e.message}`).sort() };
};

test('the project runs on Node 24', () => {
  expect(Number(process.versions.node.split('.')[0])).toBe(24);
});

test('chain, race, and, or and not decide as documented', async () => {
  expect(await run(true)).toEqual({ data: { chained: 'c', raced: 'r', both: 'b', either: 'e', negated: null }, errors: ['negated: refused'] });
  expect(await run(false)).toEqual({
    data: { chained: null, raced: null, both: null, either: null, negated: 'n' },
    errors: ['both: refused', 'chained: refused', 'either: refused', 'raced: refused'],
  });
});
