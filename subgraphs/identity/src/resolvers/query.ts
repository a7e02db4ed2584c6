import { pageSize, toConnection } from '@tvstream/service-kit';
import { userCursor } from '../data/user-store';
import { normalizeEmail } from '../domain/accounts';
import { checkAuditFilter } from '../domain/audit-filter';
import type { QueryResolvers } from '../generated/resolvers-types';

export const Query: QueryResolvers = {
  me: (_, __, ctx) => (ctx.viewer ? ctx.userById.load(ctx.viewer.userId) : null),

  users: async (_, args, ctx) => {
    const size = pageSize(args.first);
    const rows = await ctx.users.list(args.filter ?? {}, size, args.after);
    return toConnection(rows, size, userCursor);
  },

  accountByEmail: (_, { email }, ctx) => ctx.users.findByEmail(normalizeEmail(email)),

  auditLog: (_, args, ctx) => ctx.users.auditLog(checkAuditFilter(args.filter), pageSize(args.first, 500, 50)),
};
