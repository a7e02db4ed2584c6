import type { GraphQLResolveInfo } from 'graphql';
import { allow, hasRole, isAuthenticated, permissions, rule, viewerHasRole } from '@tvstream/service-kit';
import type { IdentityContext } from './context';

/**
 * An account's email is personal: only its holder and administrators see it. The holder is also whoever
 * just proved it (the user inside a sign-in's AuthPayload), before any access token was sent.
 */
const isSelfOrAdmin = rule({ cache: 'no_cache' })(
  (user: { id: string }, _args: unknown, ctx: IdentityContext, info: GraphQLResolveInfo) =>
    info.path.prev?.typename === 'AuthPayload' ||
    (!!ctx.viewer && (ctx.viewer.userId === user.id || viewerHasRole(ctx.viewer, 'ADMIN'))),
);

export const identityPermissions = permissions({
  Query: {
    me: allow,
    users: hasRole('ADMIN'),
    auditLog: hasRole('ADMIN'),
  },
  Mutation: {
    register: allow,
    login: allow,
    refreshToken: allow,
    selectProfile: allow,
    logout: allow,
    changePassword: isAuthenticated,
    createProfile: isAuthenticated,
    setUserRoles: hasRole('ADMIN'),
    disableUser: hasRole('ADMIN'),
  },
  User: { email: isSelfOrAdmin },
});
