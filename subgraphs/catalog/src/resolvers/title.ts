import { shownArtwork, type Artwork } from '../domain/artwork';
import type { TitleRecord } from '../domain/title-record';
import type { CatalogContext } from '../context';
import type { EpisodeResolvers, MovieResolvers, SeasonResolvers, SeriesResolvers, TitleResolvers } from '../generated/resolvers-types';
import { canSee, visibleOrNull } from './visibility';

/** Fields every title-shaped type resolves the same way from a stored title. */
export const titleFields = {
  genres: (t: TitleRecord) => t.genres.map((g) => g.genre),
  genreSlugs: (t: TitleRecord) => t.genres.map((g) => g.genreSlug),
  credits: (t: TitleRecord) => t.credits.map((c) => ({ name: c.person.name, role: c.role })),
  artwork: (t: TitleRecord, _: unknown, ctx: CatalogContext) => shownArtwork(t.artwork as unknown as Artwork[], t.generatedPoster, ctx.artworkBaseUrl),
  video: (t: TitleRecord) => (t.manifestPath ? { manifestPath: t.manifestPath, durationSeconds: t.durationSeconds } : null),
};

/** Rows a foreign key guarantees (an episode's season, a season's series): missing means a broken database. */
async function existing<T>(row: Promise<T | null>, what: string): Promise<T> {
  const found = await row;
  if (!found) throw new Error(`${what} is missing`);
  return found;
}

/** A reference resolves only to a title of its own kind: a Movie reference never yields a series. */
const resolveTitleReference = (kind: 'MOVIE' | 'SERIES' | 'EPISODE') => async (ref: { id: string }, ctx: CatalogContext) => {
  const title = visibleOrNull(await ctx.titleById.load(ref.id), ctx);
  return title?.kind === kind ? title : null;
};

export const Title: TitleResolvers = {
  __resolveType: (t) => (t.kind === 'SERIES' ? 'Series' : 'Movie'),
};

export const Movie: MovieResolvers = { ...titleFields, __resolveReference: resolveTitleReference('MOVIE') };

export const Series: SeriesResolvers = {
  ...titleFields,
  __resolveReference: resolveTitleReference('SERIES'),
  seasons: (t, _, ctx) => ctx.seasonsBySeries.load(t.id),
};

export const Episode: EpisodeResolvers = {
  __resolveReference: resolveTitleReference('EPISODE'),
  video: titleFields.video,
  seasonNumber: (t) => t.season!.number,
  episodeNumber: (t) => t.episodeNumber!,
  maturityRating: (t) => t.season!.series.maturityRating,
  genreSlugs: (t) => t.season!.series.genres.map((g) => g.genreSlug),
  season: (t, _, ctx) => existing(ctx.seasonById.load(t.seasonId!), `the season of episode ${t.id}`),
  series: (t, _, ctx) => existing(ctx.titleById.load(t.season!.seriesId), `the series of episode ${t.id}`),
};

export const Season: SeasonResolvers = {
  // A season is seen through its series: a draft series' seasons stay hidden from viewers.
  __resolveReference: async (ref, ctx) => {
    const season = await ctx.seasonById.load(ref.id);
    return season && canSee(await ctx.titleById.load(season.seriesId), ctx) ? season : null;
  },
  series: (s, _, ctx) => existing(ctx.titleById.load(s.seriesId), `the series of season ${s.id}`),
  episodes: async (s, _, ctx) => (await ctx.episodesBySeason.load(s.id)).filter((e) => visibleOrNull(e, ctx)),
};
