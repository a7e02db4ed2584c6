import type { TitleRecord } from '../data/title-store';
import type { CatalogContext } from '../context';
import { canSee, visibleOrNull } from './visibility';

/** Fields every title-shaped type resolves the same way from a stored title. */
export const titleFields = {
  genres: (t: TitleRecord) => t.genres.map((g) => g.genre),
  genreSlugs: (t: TitleRecord) => t.genres.map((g) => g.genreSlug),
  credits: (t: TitleRecord) => t.credits.map((c) => ({ name: c.person.name, role: c.role })),
  artwork: (t: TitleRecord) => t.artwork as { kind: string; url: string; width: number; height: number }[],
  video: (t: TitleRecord) => (t.manifestPath ? { manifestPath: t.manifestPath, durationSeconds: t.durationSeconds } : null),
};

/** A reference resolves only to a title of its own kind: a Movie reference never yields a series. */
const resolveTitleReference = (kind: 'MOVIE' | 'SERIES' | 'EPISODE') => async (ref: { id: string }, ctx: CatalogContext) => {
  const title = visibleOrNull(await ctx.titleById.load(ref.id), ctx);
  return title?.kind === kind ? title : null;
};

export const Title = {
  __resolveType: (t: TitleRecord) => (t.kind === 'SERIES' ? 'Series' : 'Movie'),
};

export const Movie = { ...titleFields, __resolveReference: resolveTitleReference('MOVIE') };

export const Series = {
  ...titleFields,
  __resolveReference: resolveTitleReference('SERIES'),
  seasons: (t: TitleRecord, _: unknown, ctx: CatalogContext) => ctx.seasonsBySeries.load(t.id),
};

export const Episode = {
  __resolveReference: resolveTitleReference('EPISODE'),
  video: titleFields.video,
  seasonNumber: (t: TitleRecord) => t.season!.number,
  episodeNumber: (t: TitleRecord) => t.episodeNumber!,
  maturityRating: (t: TitleRecord) => t.season!.series.maturityRating,
  genreSlugs: (t: TitleRecord) => t.season!.series.genres.map((g) => g.genreSlug),
  season: (t: TitleRecord, _: unknown, ctx: CatalogContext) => ctx.seasonById.load(t.seasonId!),
  series: (t: TitleRecord, _: unknown, ctx: CatalogContext) => ctx.titleById.load(t.season!.seriesId),
};

export const Season = {
  // A season is seen through its series: a draft series' seasons stay hidden from viewers.
  __resolveReference: async (ref: { id: string }, ctx: CatalogContext) => {
    const season = await ctx.seasonById.load(ref.id);
    return season && canSee(await ctx.titleById.load(season.seriesId), ctx) ? season : null;
  },
  series: (s: { seriesId: string }, _: unknown, ctx: CatalogContext) => ctx.titleById.load(s.seriesId),
  episodes: async (s: { id: string }, _: unknown, ctx: CatalogContext) =>
    (await ctx.episodesBySeason.load(s.id)).filter((e) => visibleOrNull(e, ctx)),
};
