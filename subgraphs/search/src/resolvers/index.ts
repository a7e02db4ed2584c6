import { auditTrailContribution, DateTimeScalar } from '@tvstream/service-kit';
import type { SearchContext } from '../context';
import type { Resolvers } from '../generated/resolvers-types';
import { Mutation } from './mutation';
import { Query } from './query';
import { SearchHit, SearchResult, SearchResults } from './results';

const trail = auditTrailContribution((query, ctx: SearchContext) => ctx.reindex.auditTrail(query));

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  SearchResults,
  SearchHit,
  SearchResult,
  AuditTrail: { __resolveReference: trail.__resolveReference, searchRecords: trail.records },
};
