import { allow, deny, rule, shield, type IRule, type IRules } from 'graphql-shield';
import { GraphQLError } from 'graphql';
import { forbidden, unauthenticated } from './errors';
import { viewerHasRole, type Role } from './auth';
import type { RequestContext } from './context';

export { allow, deny, rule };

/** Any signed-in caller. Anonymous callers get UNAUTHENTICATED, not FORBIDDEN, so clients know to sign in. */
export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: RequestContext) =>
  ctx.viewer ? true : unauthenticated(),
);

const roleRules = new Map<string, IRule>();

/** Caller holds one of the roles (ADMIN holds them all). One rule per role set: shield rejects duplicates. */
export function hasRole(...roles: Role[]): IRule {
  const name = `hasRole:${roles.join(',')}`;
  let roleRule = roleRules.get(name);
  if (!roleRule) {
    roleRule = rule(name, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) => {
      if (!ctx.viewer) return unauthenticated();
      return viewerHasRole(ctx.viewer, ...roles) ? true : forbidden(`Requires role ${roles.join(' or ')}`);
    });
    roleRules.set(name, roleRule);
  }
  return roleRule;
}

/**
 * Root fields not named in the rules are denied, so a new admin field is closed until someone opens it.
 * Refusals carry FORBIDDEN; errors thrown inside resolvers pass through with their own codes.
 */
export function permissions(rules: { Query?: IRules; Mutation?: IRules } & Record<string, IRules>) {
  const withDefaults: Record<string, IRules> = { ...rules };
  for (const root of ['Query', 'Mutation'] as const) {
    withDefaults[root] = { '*': deny, ...((rules[root] as object) ?? {}) } as IRules;
  }
  // Federation's own entry points stay open: entities resolve their own field-level rules.
  (withDefaults.Query as Record<string, unknown>)._service = allow;
  (withDefaults.Query as Record<string, unknown>)._entities = allow;
  return shield(withDefaults as IRules, {
    fallbackRule: allow,
    allowExternalErrors: true,
    fallbackError: (thrown) => (thrown instanceof GraphQLError ? thrown : forbidden()),
  });
}
