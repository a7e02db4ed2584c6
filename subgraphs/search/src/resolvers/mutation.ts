import { auditActor } from '@tvstream/service-kit';
import type { MutationResolvers } from '../generated/resolvers-types';

export const Mutation: MutationResolvers = {
  reindex: (_, __, ctx) => ctx.reindex.start(auditActor(ctx)),
};
