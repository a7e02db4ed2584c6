import { auditTrailContribution } from '@tvstream/service-kit';
import type { LiveContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import { Channel, DateTime, NowNext, Programme } from './entities';
import { Mutation } from './mutation';
import { Query } from './query';

const trail = auditTrailContribution((query, ctx: LiveContext) => ctx.guide.auditTrail(query));

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation,
  Channel,
  Programme,
  NowNext,
  AuditTrail: { __resolveReference: trail.__resolveReference, liveRecords: trail.records },
};
