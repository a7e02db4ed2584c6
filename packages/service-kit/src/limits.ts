import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Query-shape limits, enforced at validation time (before any resolver runs): depth, aliases, cost,
 * directives and tokens. The gateway and every subgraph apply the same limits.
 */
export function queryLimits() {
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 30 },
    costLimit: { maxCost: 5000 },
    maxDirectives: { n: 50 },
    maxTokens: { n: 2000 },
    // Field suggestions tell strangers the schema even when introspection is off.
    blockFieldSuggestion: { enabled: true },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins, validationRules };
}
