import type { Prisma } from '../data/client';

/**
 * A title as the catalog hands it on: with its genres, credits and (for an episode) its season and series.
 * The store reads it and the events describe it, so it lives here, below both.
 */
export const titleInclude = {
  genres: { include: { genre: true }, orderBy: { genreSlug: 'asc' } },
  credits: { include: { person: true }, orderBy: [{ role: 'asc' }, { position: 'asc' }] },
  season: { include: { series: { include: { genres: { include: { genre: true } } } } } },
} satisfies Prisma.TitleInclude;

export type TitleRecord = Prisma.TitleGetPayload<{ include: typeof titleInclude }>;
