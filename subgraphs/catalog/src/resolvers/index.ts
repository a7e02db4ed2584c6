import { DateTimeScalar } from '@tvstream/service-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { Mutation } from './mutation';
import { AuditTrail, CatalogAuditEntry, Collection, Query } from './query';
import { Episode, Movie, Season, Series, Title } from './title';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Collection,
  CatalogAuditEntry,
  AuditTrail,
  Title,
  Movie,
  Series,
  Season,
  Episode,
};
