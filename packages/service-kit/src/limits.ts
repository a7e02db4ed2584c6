import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Query-shape limits, enforced at validation time (before any resolver runs): depth, aliases, cost,
 * directives and tokens (tokens at parse time). The gateway and every subgraph apply the same limits.
 */
export function queryLimits() {
  const armor = new ApolloArmor({
    // Introspection is exempt: GraphiQL's own introspection query is 21 levels deep (and is off in production).
    maxDepth: { n: 15 },
    maxAliases: { n: 30 },
    // A type condition (`... on Movie`, a named fragment) is no level of nesting: counted flat, the five-rail
    // home and the web app's largest screen cost about 3,300 and 2,400, so twice either still passes.
    costLimit: { maxCost: 8000, flattenFragments: true },
    maxDirectives: { n: 50 },
    // graphql-armor's token limit throws from a plugin hook, which Apollo answers with 500; graphql-js's own
    // parser limit (below) refuses the same document as a syntax error: 400 GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    // Field suggestions tell strangers the schema even when introspection is off.
    blockFieldSuggestion: { enabled: true },
  });
  const { plugins, validationRules } = armor.protect();
  // Above the alias and depth limits, so those refusals name their real cause; the body limit bounds the rest.
  return { plugins, validationRules, parseOptions: { maxTokens: 10000 } };
}
