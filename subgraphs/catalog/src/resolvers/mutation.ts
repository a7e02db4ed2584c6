import type { CatalogContext } from '../context';
import type { TitleInput } from '../catalog-manager';

type Ctx = CatalogContext;

export const Mutation = {
  createMovie: (_: unknown, { input }: { input: TitleInput }, ctx: Ctx) => ctx.catalog.create('MOVIE', input),
  createSeries: (_: unknown, { input }: { input: TitleInput }, ctx: Ctx) => ctx.catalog.create('SERIES', input),
  updateTitle: (_: unknown, { id, input }: { id: string; input: TitleInput }, ctx: Ctx) => ctx.catalog.update(id, input),
  publishTitle: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.catalog.changeStatus(id, 'publish'),
  unpublishTitle: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.catalog.changeStatus(id, 'unpublish'),
  archiveTitle: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.catalog.changeStatus(id, 'archive'),
  deleteTitle: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.catalog.delete(id),
  createSeason: (_: unknown, args: { seriesId: string; number: number }, ctx: Ctx) => ctx.catalog.createSeason(args.seriesId, args.number),
  createEpisode: (
    _: unknown,
    args: { seasonId: string; input: { title: string; episodeNumber: number; synopsis?: string | null } },
    ctx: Ctx,
  ) => ctx.catalog.createEpisode(args.seasonId, args.input),
  createCollection: (
    _: unknown,
    args: { slug: string; name: string; kind: 'CURATED' | 'NEW_THIS_MONTH' | 'POPULAR_IN_GENRE'; genre?: string | null; position?: number | null },
    ctx: Ctx,
  ) => ctx.catalog.createCollection(args),
  setCollectionTitles: (_: unknown, args: { collectionId: string; titleIds: string[] }, ctx: Ctx) =>
    ctx.catalog.setCollectionTitles(args.collectionId, args.titleIds),
};
