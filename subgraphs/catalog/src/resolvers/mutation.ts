import type { MutationResolvers } from '../generated/resolvers-types';

export const Mutation: MutationResolvers = {
  createMovie: (_, { input }, ctx) => ctx.catalog.create('MOVIE', input),
  createSeries: (_, { input }, ctx) => ctx.catalog.create('SERIES', input),
  updateTitle: (_, { id, input }, ctx) => ctx.catalog.update(id, input),
  publishTitle: (_, { id }, ctx) => ctx.catalog.changeStatus(id, 'publish'),
  unpublishTitle: (_, { id }, ctx) => ctx.catalog.changeStatus(id, 'unpublish'),
  archiveTitle: (_, { id }, ctx) => ctx.catalog.changeStatus(id, 'archive'),
  deleteTitle: (_, { id }, ctx) => ctx.catalog.delete(id),
  createSeason: (_, args, ctx) => ctx.catalog.createSeason(args.seriesId, args.number),
  createEpisode: (_, args, ctx) => ctx.catalog.createEpisode(args.seasonId, args.input),
  createCollection: (_, args, ctx) => ctx.catalog.createCollection(args),
  setCollectionTitles: (_, args, ctx) => ctx.catalog.setCollectionTitles(args.collectionId, args.titleIds),
};
