import { allow, and, deny, or, rule, shield, type IRule, type IRules } from 'graphql-shield';

/** A rule or a logic rule (and/or): what `and` takes; graphql-shield exports no name for the union. */
type ShieldRule = Parameters<typeof and>[number];
import { GraphQLError, type DocumentNode } from 'graphql';
import { middleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { forbidden, unauthenticated } from './errors';
import { describeScopes, readAccessContract, scopesHeld, type AccessClause, type FieldAccess } from './authorization';
import type { RequestContext } from './context';

export { allow, deny, rule };

/** Any signed-in caller. Anonymous callers get UNAUTHENTICATED, not FORBIDDEN, so clients know to sign in. */
export const isAuthenticated = rule('authenticated', { cache: 'contextual' })((_parent, _args, ctx: RequestContext) => (ctx.viewer ? true : unauthenticated()));

const scopeRules = new Map<string, IRule>();

/** Caller holds every role of one of the sets. One rule per set list: shield rejects two rules of one name. */
function requiresScopes(anyOf: string[][]): IRule {
  const name = `scopes:${describeScopes(anyOf)}`;
  let scopeRule = scopeRules.get(name);
  if (!scopeRule) {
    scopeRule = rule(name, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) => {
      if (!ctx.viewer) return unauthenticated();
      return scopesHeld(ctx.viewer, anyOf) ? true : forbidden(`Requires role ${describeScopes(anyOf)}`);
    });
    scopeRules.set(name, scopeRule);
  }
  return scopeRule;
}

/** Owner rules named by `@policy`; they get the parent object, so they can compare it with the caller. */
export type Policies = Record<string, ShieldRule>;

const anyOfAll = (sets: ShieldRule[][]): ShieldRule => {
  const alternatives = sets.map((all) => (all.length === 1 ? all[0] : and(...all)));
  return alternatives.length === 1 ? alternatives[0] : or(...alternatives);
};

function ruleOfClause(clause: Exclude<AccessClause, { kind: 'public' }>, policies: Policies): ShieldRule {
  if (clause.kind === 'authenticated') return isAuthenticated;
  if (clause.kind === 'scopes') return requiresScopes(clause.anyOf);
  return anyOfAll(
    clause.anyOf.map((all) =>
      all.map((name) => {
        const policy = policies[name];
        if (!policy) throw new Error(`@policy "${name}" is declared in the schema but has no rule`);
        return policy;
      }),
    ),
  );
}

function ruleOfField(access: FieldAccess, policies: Policies): ShieldRule {
  if (access.length === 0) return deny;
  const rules = access.flatMap((clause) => (clause.kind === 'public' ? [] : [ruleOfClause(clause, policies)]));
  if (rules.length === 0) return allow;
  return rules.length === 1 ? rules[0] : and(...rules);
}

/**
 * A subgraph's graphql-shield rules, built from the declarations in its schema (see `readAccessContract`):
 * a field without one is denied, `_entities` included — an entity's fields carry their own declarations.
 * Refusals carry FORBIDDEN or UNAUTHENTICATED; errors thrown inside resolvers pass through with their codes.
 */
export function contractPermissions(typeDefs: DocumentNode, policies: Policies = {}) {
  const rules: Record<string, Record<string, ShieldRule>> = {};
  for (const [type, fields] of readAccessContract(typeDefs)) {
    rules[type] = { '*': deny, ...Object.fromEntries([...fields].map(([field, access]) => [field, ruleOfField(access, policies)])) };
  }
  // Federation's own entry points: `_service` serves the schema, `_entities` resolves references whose
  // fields are then judged one by one like any other.
  rules.Query = { ...rules.Query, _service: allow, _entities: allow };
  rules._Service = { '*': allow };
  const shielded = shield(rules as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: (thrown) => (thrown instanceof GraphQLError ? thrown : forbidden()),
  });
  // A field whose rule is `allow` (public, or federation's entry points) passes whoever asks, and with
  // allowExternalErrors shield hands its resolver's errors on unchanged: its wrapper changes nothing but the
  // cost (an async middleware, a promise per field of every answer). Only fields with a rule to judge are
  // wrapped; anything undeclared still falls to `deny`.
  const ruleOf = (type: string, field: string) => rules[type]?.[field] ?? rules[type]?.['*'] ?? deny;
  return middleware((schema) => {
    const generated = shielded.generate(schema) as Record<string, Record<string, unknown>>;
    return Object.fromEntries(
      Object.entries(generated).map(([type, fields]) => [type, Object.fromEntries(Object.entries(fields).filter(([field]) => ruleOf(type, field) !== allow))]),
    ) as IMiddlewareTypeMap;
  });
}
