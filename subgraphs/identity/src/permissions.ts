import { allow, hasRole, isAuthenticated, permissions, rule, viewerHasRole } from '@tvstream/service-kit';
import type { IdentityContext } from './context';

/** An account's email is personal: only its holder and administrators see it. */
const isSelfOrAdmin = rule({ cache: 'strict' })((user: { id: string }, _args: unknown, ctx: IdentityContext) =>
  !!ctx.viewer && (ctx.viewer.userId === user.id || viewerHasRole(ctx.viewer, 'ADMIN')),
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
