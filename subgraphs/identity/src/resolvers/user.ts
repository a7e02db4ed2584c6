import { isUuid } from '@tvstream/service-kit';
import type { AccountSummaryResolvers, AuditEntryResolvers, UserResolvers } from '../generated/resolvers-types';

export const User: UserResolvers = {
  __resolveReference: (ref, ctx) => ctx.userById.load(ref.id),
  disabled: (user) => user.disabledAt !== null,
  createdAt: (user) => user.createdAt.toISOString(),
};

export const AuditEntry: AuditEntryResolvers = {
  // The email the actor's token carried; for older entries, the account's email now.
  actorEmail: async (entry, _, ctx) => entry.actorEmail ?? (isUuid(entry.actorId) ? ((await ctx.userById.load(entry.actorId))?.email ?? null) : null),
  createdAt: (entry) => entry.createdAt.toISOString(),
};

export const AccountSummary: AccountSummaryResolvers = {
  disabled: (user) => user.disabledAt !== null,
};
