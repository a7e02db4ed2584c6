import { DateTimeScalar } from '@tvstream/service-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { Mutation } from './mutation';
import { Query } from './query';
import { SearchHit, SearchResult, SearchResults } from './results';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Mutation, SearchResults, SearchHit, SearchResult };
