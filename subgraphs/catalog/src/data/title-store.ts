import { cursorCodec, isUuid, likeLiteral, recordEvent, recordEvents } from '@tvstream/service-kit';
import { saveImages } from './artwork-store';
import { recordAudit, type Actor } from './audit';
import { Prisma, type CatalogDb } from './client';
import { titleDeleted, titleUpserted } from '../events/title-events';
import { CREDIT_FIELDS, genreName } from '../domain/titles';
import type { RenderedImage } from '../domain/poster';
import { titleInclude, type TitleRecord } from '../domain/title-record';

type Tx = Prisma.TransactionClient;

/** The movie or series a title belongs to: itself, or an episode's series. */
const owningTitleId = (t: { id: string; kind: string; season: { seriesId: string } | null }) => t.season?.seriesId ?? t.id;

/** Who is looking: editors see everything, viewers what is published, in its window and within their limit. */
export interface Audience {
  canEdit: boolean;
  now: Date;
  maxMaturity: number;
}

export function visibleWhere(audience: Audience): Prisma.TitleWhereInput {
  if (audience.canEdit) return {};
  const { now } = audience;
  return {
    status: 'PUBLISHED',
    maturityRating: { lte: audience.maxMaturity },
    AND: [
      { OR: [{ availableFrom: null }, { availableFrom: { lte: now } }] },
      { OR: [{ availableTo: null }, { availableTo: { gt: now } }] },
    ],
  };
}

/** The rule of `visibleWhere` for raw statements over `t`, a "catalog"."Title" row. */
export function visibleSql(audience: Audience): Prisma.Sql {
  if (audience.canEdit) return Prisma.sql`TRUE`;
  // Prisma keeps DateTime columns as UTC timestamps without a zone.
  const now = Prisma.sql`(${audience.now.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  return Prisma.sql`t."status" = 'PUBLISHED' AND t."maturityRating" <= ${audience.maxMaturity}
    AND (t."availableFrom" IS NULL OR t."availableFrom" <= ${now}) AND (t."availableTo" IS NULL OR t."availableTo" > ${now})`;
}

export type TitleSort = 'POPULAR' | 'NEWEST' | 'TITLE';

/** Keyset pagination per sort: the sort key plus the id as tie-breaker, so pages never skip or repeat. */
const SORTS = {
  POPULAR: { field: 'popularity', dir: 'desc', cursor: cursorCodec(['number', 'uuid']) },
  NEWEST: { field: 'createdAt', dir: 'desc', cursor: cursorCodec(['instant', 'uuid']) },
  TITLE: { field: 'title', dir: 'asc', cursor: cursorCodec(['string', 'uuid']) },
} as const;

export function titleCursor(sort: TitleSort, t: { id: string; popularity: number; createdAt: Date; title: string }) {
  if (sort === 'POPULAR') return SORTS.POPULAR.cursor.encode([t.popularity, t.id]);
  if (sort === 'NEWEST') return SORTS.NEWEST.cursor.encode([t.createdAt, t.id]);
  return SORTS.TITLE.cursor.encode([t.title, t.id]);
}

/** A cursor made for another sort does not decode: its key is of another kind. */
function afterCursor(sort: TitleSort, cursor: string): Prisma.TitleWhereInput {
  const { field, dir } = SORTS[sort];
  const [value, id] = SORTS[sort].cursor.decode(cursor);
  const beyond = dir === 'desc' ? 'lt' : 'gt';
  return { OR: [{ [field]: { [beyond]: value } }, { [field]: value, id: { [beyond]: id } }] };
}

export interface TitleListFilter {
  types?: ('MOVIE' | 'SERIES')[] | null;
  genres?: string[] | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  status?: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED' | null;
  /** Part of the title, any case; `%` and `_` are literal (likeLiteral). */
  titleContains?: string | null;
}

export interface TitleData {
  title?: string;
  slug?: string;
  originalTitle?: string | null;
  synopsis?: string;
  maturityRating?: number;
  releaseYear?: number | null;
  popularity?: number;
  availableFrom?: Date | null;
  availableTo?: Date | null;
  manifestPath?: string | null;
  durationSeconds?: number | null;
  artwork?: object[];
  genres?: string[];
  cast?: string[];
  directors?: string[];
  writers?: string[];
  producers?: string[];
  creators?: string[];
}

/** A title for bulk creation; episodes name their season and number. */
export interface NewTitle {
  kind: 'MOVIE' | 'SERIES' | 'EPISODE';
  slug: string;
  status: 'DRAFT' | 'PUBLISHED';
  data: TitleData;
  seasonId?: string | null;
  episodeNumber?: number | null;
  /** The poster drawn for a movie or series (episodes have none). */
  poster?: RenderedImage;
}

/** Titles, seasons and episodes. Every change bumps the version and records its event in the same transaction. */
export class TitleStore {
  constructor(private readonly db: CatalogDb) {}

  /** Ids that are not UUIDs name nothing (and would be a database error on a uuid column). */
  async findById(id: string) {
    return isUuid(id) ? this.db.title.findUnique({ where: { id }, include: titleInclude }) : null;
  }

  findBySlug(slug: string) {
    return this.db.title.findUnique({ where: { slug }, include: titleInclude });
  }

  async idsBySlug(slugs: string[]): Promise<Map<string, string>> {
    const found = await this.db.title.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
    return new Map(found.map((t) => [t.slug, t.id]));
  }

  findManyByIds(ids: readonly string[]) {
    return this.db.title.findMany({ where: { id: { in: ids.filter(isUuid) } }, include: titleInclude });
  }

  list(filter: TitleListFilter, sort: TitleSort, size: number, after: string | null | undefined, audience: Audience) {
    const where: Prisma.TitleWhereInput = {
      ...visibleWhere(audience),
      kind: { in: filter.types?.length ? filter.types : ['MOVIE', 'SERIES'] },
    };
    const and: Prisma.TitleWhereInput[] = [];
    if (filter.genres?.length) and.push({ genres: { some: { genreSlug: { in: filter.genres } } } });
    if (filter.yearFrom != null) and.push({ releaseYear: { gte: filter.yearFrom } });
    if (filter.yearTo != null) and.push({ releaseYear: { lte: filter.yearTo } });
    if (filter.status && audience.canEdit) and.push({ status: filter.status });
    const titleText = filter.titleContains?.trim();
    if (titleText) and.push({ title: { contains: likeLiteral(titleText), mode: 'insensitive' } });
    if (after) and.push(afterCursor(sort, after));
    where.AND = [...((where.AND as Prisma.TitleWhereInput[]) ?? []), ...and];
    const { field, dir } = SORTS[sort];
    return this.db.title.findMany({ where, include: titleInclude, orderBy: [{ [field]: dir }, { id: dir }], take: size + 1 });
  }

  genres() {
    return this.db.genre.findMany({ orderBy: { name: 'asc' } });
  }

  /** `poster`, drawn from the title, is stored with it. */
  create(kind: 'MOVIE' | 'SERIES', slug: string, data: TitleData, status: 'DRAFT' | 'PUBLISHED', actor: Actor, poster: RenderedImage) {
    return this.write(actor, 'title.create', data, async (tx) => {
      await saveImages(tx, [poster]);
      const created = await tx.title.create({ data: { kind, slug, status, title: data.title!, generatedPoster: poster.hash, ...this.scalars(data) } });
      await this.replaceRelations(tx, created.id, data);
      return created.id;
    });
  }

  /** `poster`: a new one, when the change redrew it (a new name or year). */
  update(id: string, data: TitleData, actor: Actor, poster?: RenderedImage) {
    return this.write(actor, 'title.update', data, async (tx) => {
      if (poster) await saveImages(tx, [poster]);
      await tx.title.update({
        where: { id },
        data: {
          ...this.scalars(data),
          ...(data.title ? { title: data.title } : {}),
          ...(data.slug ? { slug: data.slug } : {}),
          ...(poster ? { generatedPoster: poster.hash } : {}),
          version: { increment: 1 },
        },
      });
      await this.replaceRelations(tx, id, data);
      // Episodes carry their series' genres and maturity rating in their events, so they change with it.
      return [id, ...(await this.touchEpisodes(tx, id, {}))];
    });
  }

  setStatus(id: string, status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED', actor: Actor, action: string) {
    return this.write(actor, action, { status }, async (tx) => {
      await tx.title.update({ where: { id }, data: { status, version: { increment: 1 } } });
      // A series' episodes follow it: their visibility changes with the series'.
      return [id, ...(await this.touchEpisodes(tx, id, { status }))];
    });
  }

  /** A series' episodes (none for other titles), given a new version and `data`, so their events are new. */
  private async touchEpisodes(tx: Tx, seriesId: string, data: { status?: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED' }): Promise<string[]> {
    const episodes = await tx.title.findMany({ where: { season: { seriesId } }, select: { id: true } });
    if (episodes.length) await tx.title.updateMany({ where: { id: { in: episodes.map((e) => e.id) } }, data: { ...data, version: { increment: 1 } } });
    return episodes.map((e) => e.id);
  }

  /** A title (a series with its seasons and episodes, or one episode); an episode's series gets a new version. */
  delete(id: string, actor: Actor, action: string) {
    return this.db.$transaction(async (tx) => {
      const doomed = await tx.title.findMany({
        where: { OR: [{ id }, { season: { seriesId: id } }] },
        select: { id: true, kind: true, version: true, title: true, season: { select: { seriesId: true } } },
      });
      await tx.title.deleteMany({ where: { id: { in: doomed.filter((t) => t.id !== id).map((t) => t.id) } } });
      await tx.title.delete({ where: { id } });
      for (const title of doomed) await recordEvent(tx, titleDeleted(title));
      const target = doomed.find((t) => t.id === id)!;
      if (target.season) await this.bumpSeries(tx, target.season.seriesId);
      await recordAudit(tx, actor, { action, targetId: id, titleId: target.season?.seriesId ?? id, details: { title: target.title } });
      return id;
    });
  }

  /** The series changes with its seasons and episodes: a new version and its event. */
  private async bumpSeries(tx: Tx, seriesId: string) {
    const series = await tx.title.update({ where: { id: seriesId }, data: { version: { increment: 1 } }, include: titleInclude });
    await recordEvent(tx, titleUpserted(series));
  }

  seasonsOf(seriesIds: readonly string[]) {
    return this.db.season.findMany({ where: { seriesId: { in: [...seriesIds] } }, orderBy: { number: 'asc' } });
  }

  findSeasons(ids: readonly string[]) {
    return this.db.season.findMany({ where: { id: { in: ids.filter(isUuid) } } });
  }

  episodesOf(seasonIds: readonly string[]) {
    return this.db.title.findMany({ where: { seasonId: { in: [...seasonIds] } }, include: titleInclude, orderBy: { episodeNumber: 'asc' } });
  }

  /** A new season changes its series, so the series gets a new version and its event. */
  createSeason(seriesId: string, number: number, actor: Actor) {
    return this.db.$transaction(async (tx) => {
      const season = await tx.season.create({ data: { seriesId, number } });
      await this.bumpSeries(tx, seriesId);
      await recordAudit(tx, actor, { action: 'season.create', targetId: season.id, titleId: seriesId, details: { number } });
      return season;
    });
  }

  /** Its episodes' events carry the season number, so they change with it (slugs too), as does the series. */
  updateSeason(id: string, number: number, slugOf: (episodeNumber: number) => string, actor: Actor) {
    return this.db.$transaction(async (tx) => {
      const before = await tx.season.findUniqueOrThrow({ where: { id } });
      const season = await tx.season.update({ where: { id }, data: { number } });
      for (const episode of await tx.title.findMany({ where: { seasonId: id }, select: { id: true, episodeNumber: true } })) {
        await tx.title.update({ where: { id: episode.id }, data: { slug: slugOf(episode.episodeNumber!), version: { increment: 1 } } });
      }
      const episodes = await tx.title.findMany({ where: { seasonId: id }, include: titleInclude });
      for (const episode of episodes) await recordEvent(tx, titleUpserted(episode));
      await this.bumpSeries(tx, season.seriesId);
      await recordAudit(tx, actor, { action: 'season.update', targetId: id, titleId: season.seriesId, details: { from: before.number, to: number } });
      return season;
    });
  }

  /** A season goes with its episodes (each announced deleted); the series gets a new version. */
  deleteSeason(id: string, actor: Actor) {
    return this.db.$transaction(async (tx) => {
      const season = await tx.season.findUniqueOrThrow({ where: { id } });
      const episodes = await tx.title.findMany({ where: { seasonId: id }, select: { id: true, kind: true, version: true } });
      await tx.season.delete({ where: { id } });
      for (const episode of episodes) await recordEvent(tx, titleDeleted(episode));
      await this.bumpSeries(tx, season.seriesId);
      await recordAudit(tx, actor, { action: 'season.delete', targetId: id, titleId: season.seriesId, details: { number: season.number, episodes: episodes.length } });
      return id;
    });
  }

  createEpisode(seasonId: string, slug: string, status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED', data: TitleData & { episodeNumber: number }, actor: Actor) {
    return this.write(actor, 'episode.create', data, async (tx) => {
      const { episodeNumber, ...rest } = data;
      const created = await tx.title.create({
        data: { kind: 'EPISODE', slug, status, title: rest.title!, seasonId, episodeNumber, ...this.scalars(rest) },
      });
      return created.id;
    });
  }

  /**
   * Bulk creation (seeding, imports): the titles, their genres and credits, and one outbox row per title in a
   * few statements and one transaction. A slug already taken is skipped, so an interrupted run can start
   * again. Returns the titles created.
   */
  createMany(items: NewTitle[]): Promise<TitleRecord[]> {
    return this.db.$transaction(async (tx) => {
      await saveImages(tx, items.flatMap((item) => (item.poster ? [item.poster] : [])));
      const created = await tx.title.createManyAndReturn({
        data: items.map(({ kind, slug, status, data, seasonId, episodeNumber, poster }) => ({
          kind,
          slug,
          status,
          title: data.title!,
          seasonId,
          episodeNumber,
          generatedPoster: poster?.hash ?? null,
          ...this.scalars(data),
        })),
        skipDuplicates: true,
        select: { id: true, slug: true },
      });
      const bySlug = new Map(items.map((item) => [item.slug, item.data]));
      const genres = [...new Set(created.flatMap((t) => bySlug.get(t.slug)!.genres ?? []))];
      await tx.genre.createMany({ data: genres.map((slug) => ({ slug, name: genreName(slug) })), skipDuplicates: true });
      await tx.titleGenre.createMany({ data: created.flatMap((t) => [...new Set(bySlug.get(t.slug)!.genres ?? [])].map((genreSlug) => ({ titleId: t.id, genreSlug }))) });
      const names = [...new Set(created.flatMap((t) => CREDIT_FIELDS.flatMap(([, field]) => bySlug.get(t.slug)![field] ?? [])))];
      await tx.person.createMany({ data: names.map((name) => ({ name })), skipDuplicates: true });
      const people = new Map((await tx.person.findMany({ where: { name: { in: names } } })).map((p) => [p.name, p.id]));
      await tx.credit.createMany({
        data: created.flatMap((t) => {
          const data = bySlug.get(t.slug)!;
          return CREDIT_FIELDS.flatMap(([role, field]) =>
            [...new Set(data[field] ?? [])].map((name, position) => ({ titleId: t.id, personId: people.get(name)!, role, position })),
          );
        }),
      });
      const records = await tx.title.findMany({ where: { id: { in: created.map((t) => t.id) } }, include: titleInclude });
      await recordEvents(tx, records.map(titleUpserted));
      return records;
      // A batch is hundreds of rows: more than the 5 s an interactive transaction gets by default on a busy machine.
    }, { timeout: 120_000 });
  }

  /** Seasons of many series at once (bulk creation); existing ones are kept. Returns every asked-for season. */
  async ensureSeasons(seasons: { seriesId: string; number: number }[]) {
    await this.db.season.createMany({ data: seasons, skipDuplicates: true });
    return this.db.season.findMany({ where: { OR: seasons.map((s) => ({ seriesId: s.seriesId, number: s.number })) } });
  }

  updateEpisode(id: string, data: TitleData & { episodeNumber?: number }, actor: Actor) {
    return this.write(actor, 'episode.update', data, async (tx) => {
      const { episodeNumber, ...rest } = data;
      await tx.title.update({
        where: { id },
        data: {
          ...this.scalars(rest),
          ...(rest.title ? { title: rest.title } : {}),
          ...(rest.slug ? { slug: rest.slug } : {}),
          ...(episodeNumber ? { episodeNumber } : {}),
          version: { increment: 1 },
        },
      });
      return id;
    });
  }

  /**
   * Runs a write and records one `title.upserted` per touched title and the audit entry of the first (what
   * the editor changed, `details`), all in one transaction.
   */
  private async write(actor: Actor, action: string, details: object, change: (tx: Tx) => Promise<string | string[]>): Promise<TitleRecord> {
    return this.db.$transaction(async (tx) => {
      const touched = await change(tx);
      const ids = Array.isArray(touched) ? touched : [touched];
      const records = await tx.title.findMany({ where: { id: { in: ids } }, include: titleInclude });
      for (const record of records) await recordEvent(tx, titleUpserted(record));
      const target = records.find((r) => r.id === ids[0])!;
      await recordAudit(tx, actor, { action, targetId: target.id, titleId: owningTitleId(target), details });
      return target;
    });
  }

  private scalars(data: TitleData) {
    const { genres: _g, cast: _c, directors: _d, writers: _w, producers: _p, creators: _cr, title: _t, slug: _s, artwork, ...scalars } = data;
    return { ...scalars, ...(artwork ? { artwork: artwork as Prisma.InputJsonValue } : {}) };
  }

  // Genres and people are shared rows that concurrent edits may create at the same moment: an insert
  // that skips existing rows (ON CONFLICT DO NOTHING) cannot fail on them, where a read-then-insert upsert can.
  private async replaceRelations(tx: Tx, titleId: string, data: TitleData) {
    if (data.genres) {
      const genres = [...new Set(data.genres)];
      await tx.genre.createMany({ data: genres.map((slug) => ({ slug, name: genreName(slug) })), skipDuplicates: true });
      await tx.titleGenre.deleteMany({ where: { titleId } });
      await tx.titleGenre.createMany({ data: genres.map((genreSlug) => ({ titleId, genreSlug })) });
    }
    for (const [role, field] of CREDIT_FIELDS) {
      const given = data[field];
      if (!given) continue;
      const names = [...new Set(given)];
      await tx.credit.deleteMany({ where: { titleId, role } });
      if (!names.length) continue;
      await tx.person.createMany({ data: names.map((name) => ({ name })), skipDuplicates: true });
      const people = new Map((await tx.person.findMany({ where: { name: { in: names } } })).map((p) => [p.name, p.id]));
      await tx.credit.createMany({ data: names.map((name, position) => ({ titleId, personId: people.get(name)!, role, position })) });
    }
  }
}
