import type { GraphQLResolveInfo } from 'graphql';
import { rule, viewerHasRole, type Policies } from '@tvstream/service-kit';
import type { IdentityContext } from './context';

/**
 * The owner rules that identity's schema names with `@policy`. The holder of an account is also whoever
 * just proved it (the user inside a sign-in's AuthPayload), before any access token was sent.
 */
const accountHolder = rule('accountHolder', { cache: 'no_cache' })(
  (user: { id: string }, _args: unknown, ctx: IdentityContext, info: GraphQLResolveInfo) =>
    info.path.prev?.typename === 'AuthPayload' || (!!ctx.viewer && ctx.viewer.userId === user.id),
);

const administrator = rule('administrator', { cache: 'contextual' })((_parent: unknown, _args: unknown, ctx: IdentityContext) =>
  viewerHasRole(ctx.viewer, 'ADMIN'),
);

export const identityPolicies: Policies = { accountHolder, administrator };
