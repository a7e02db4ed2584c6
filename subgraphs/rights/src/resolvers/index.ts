import { auditTrailContribution } from '@tvstream/service-kit';
import type { RightsContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import { Channel, Episode, Movie, Programme, Series } from './content';
import { Mutation } from './mutation';
import { Query } from './query';
import { types } from './types';

const trail = auditTrailContribution((query, ctx: RightsContext) => ctx.productsManager.auditTrail(query));

export const resolvers: Resolvers = {
  ...types,
  Query,
  Mutation,
  Movie,
  Series,
  Episode,
  Channel,
  Programme,
  AuditTrail: { __resolveReference: trail.__resolveReference, rightsRecords: trail.records },
};
