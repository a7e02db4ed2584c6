import { auditActor } from '@tvstream/service-kit';
import type { MutationResolvers } from '../generated/resolvers-types';

/** Every editorial mutation is role-gated, so a viewer is present. */
const actor = auditActor;

export const Mutation: MutationResolvers = {
  createMovie: (_, { input }, ctx) => ctx.catalog.create('MOVIE', input, actor(ctx)),
  createSeries: (_, { input }, ctx) => ctx.catalog.create('SERIES', input, actor(ctx)),
  updateTitle: (_, { id, input }, ctx) => ctx.catalog.update(id, input, actor(ctx)),
  publishTitle: (_, { id }, ctx) => ctx.catalog.changeStatus(id, 'publish', actor(ctx)),
  unpublishTitle: (_, { id }, ctx) => ctx.catalog.changeStatus(id, 'unpublish', actor(ctx)),
  archiveTitle: (_, { id }, ctx) => ctx.catalog.changeStatus(id, 'archive', actor(ctx)),
  deleteTitle: (_, { id }, ctx) => ctx.catalog.delete(id, actor(ctx)),
  createSeason: (_, args, ctx) => ctx.catalog.createSeason(args.seriesId, args.number, actor(ctx)),
  updateSeason: (_, args, ctx) => ctx.catalog.updateSeason(args.id, args.number, actor(ctx)),
  deleteSeason: (_, args, ctx) => ctx.catalog.deleteSeason(args.id, actor(ctx)),
  createEpisode: (_, args, ctx) => ctx.catalog.createEpisode(args.seasonId, args.input, actor(ctx)),
  updateEpisode: (_, args, ctx) => ctx.catalog.updateEpisode(args.id, args.input, actor(ctx)),
  deleteEpisode: (_, args, ctx) => ctx.catalog.deleteEpisode(args.id, actor(ctx)),
  createCollection: (_, args, ctx) => ctx.catalog.createCollection(args, actor(ctx)),
  renameCollection: (_, args, ctx) => ctx.catalog.renameCollection(args.id, args.name, actor(ctx)),
  deleteCollection: (_, args, ctx) => ctx.catalog.deleteCollection(args.id, actor(ctx)),
  setCollectionTitles: (_, args, ctx) => ctx.catalog.setCollectionTitles(args.collectionId, args.titleIds, actor(ctx)),
};
