import { CREDIT_FIELDS } from '../domain/titles';
import type { DomainEvent } from '@tvstream/service-kit';
import type { TitleRecord } from '../domain/title-record';

export const TITLES_TOPIC = 'catalog.titles';

/** The search-ready shape of a title: everything an index needs without calling back. */
export function titleUpserted(title: TitleRecord): DomainEvent {
  const series = title.season?.series ?? null;
  const genres = (series ?? title).genres.map((g) => ({ slug: g.genre.slug, name: g.genre.name }));
  const poster = (title.artwork as { kind: string; url: string }[]).find((a) => a.kind === 'POSTER');
  return {
    topic: TITLES_TOPIC,
    type: 'title.upserted',
    entityId: title.id,
    entityVersion: title.version,
    payload: {
      id: title.id,
      kind: title.kind,
      slug: title.slug,
      title: title.title,
      originalTitle: title.originalTitle,
      synopsis: title.synopsis,
      genres,
      releaseYear: title.releaseYear,
      maturityRating: series?.maturityRating ?? title.maturityRating,
      popularity: title.popularity,
      status: title.status,
      availableFrom: title.availableFrom?.toISOString() ?? null,
      availableTo: title.availableTo?.toISOString() ?? null,
      seriesId: series?.id ?? null,
      seasonNumber: title.season?.number ?? null,
      episodeNumber: title.episodeNumber,
      // Each role's people in billing order, under the field a TitleInput lists them in (cast, directors…).
      ...Object.fromEntries(CREDIT_FIELDS.map(([role, field]) => [field, title.credits.filter((c) => c.role === role).map((c) => c.person.name)])),
      posterUrl: poster?.url ?? null,
    },
  };
}

export function titleDeleted(title: { id: string; kind: string; version: number }): DomainEvent {
  return {
    topic: TITLES_TOPIC,
    type: 'title.deleted',
    entityId: title.id,
    // A deletion outranks every earlier version of the title.
    entityVersion: title.version + 1,
    payload: { id: title.id, kind: title.kind },
  };
}
