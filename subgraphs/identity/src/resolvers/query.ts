import { auditQueryOf, auditTrailId, checkAuditQuery, pageSize, toConnection } from '@tvstream/service-kit';
import { identityEntry, mergeTrail } from '../data/audit-trail';
import { userCursor } from '../data/user-store';
import { normalizeEmail } from '../domain/accounts';
import type { AuditTrailResolvers, QueryResolvers } from '../generated/resolvers-types';

export const Query: QueryResolvers = {
  me: (_, __, ctx) => (ctx.viewer ? ctx.userById.load(ctx.viewer.userId) : null),

  users: async (_, args, ctx) => {
    const size = pageSize(args.first);
    const rows = await ctx.users.list(args.filter ?? {}, size, args.after);
    return toConnection(rows, size, userCursor);
  },

  accountByEmail: (_, { email }, ctx) => ctx.users.findByEmail(normalizeEmail(email)),

  auditLog: async (_, args, ctx) => (await ctx.users.auditLog(checkAuditQuery(args.filter, args.first))).map(identityEntry),

  // The filter is checked here, before any other service is asked; the id carries it to them.
  auditTrail: (_, args) => ({ id: auditTrailId(checkAuditQuery(args.filter, args.first)) }),
};

export const AuditTrail: AuditTrailResolvers = {
  __resolveReference: (trail) => trail,
  entries: async (trail, _, ctx) => {
    const query = auditQueryOf(trail.id);
    return mergeTrail(await ctx.users.auditLog(query), trail, query.first);
  },
};
