import type { AccountSummaryResolvers, AuditEntryResolvers, UserResolvers } from '../generated/resolvers-types';

export const User: UserResolvers = {
  __resolveReference: (ref, ctx) => ctx.userById.load(ref.id),
  disabled: (user) => user.disabledAt !== null,
  createdAt: (user) => user.createdAt.toISOString(),
};

export const AuditEntry: AuditEntryResolvers = {
  actorEmail: async (entry, _, ctx) => (await ctx.userById.load(entry.actorId))?.email ?? null,
  details: (entry) => JSON.stringify(entry.details),
  createdAt: (entry) => entry.createdAt.toISOString(),
};

export const AccountSummary: AccountSummaryResolvers = {
  disabled: (user) => user.disabledAt !== null,
};
