import { badInput, conflict, notFound, toDate } from '@tvstream/service-kit';
import { nextStatus, posterArtwork, slugify, validateTitleFields, type StatusChange } from './domain/titles';
import type { CollectionStore } from './data/collection-store';
import type { TitleData, TitleStore } from './data/title-store';
import type { TitleRecord } from './domain/title-record';

export interface TitleInput {
  title?: string | null;
  slug?: string | null;
  originalTitle?: string | null;
  synopsis?: string | null;
  genres?: string[] | null;
  maturityRating?: number | null;
  releaseYear?: number | null;
  popularity?: number | null;
  availableFrom?: string | Date | null;
  availableTo?: string | Date | null;
  cast?: string[] | null;
  directors?: string[] | null;
  manifestPath?: string | null;
  durationSeconds?: number | null;
  posterUrl?: string | null;
}

const prismaCode = (error: unknown) => (error as { code?: string })?.code;

/** Editorial operations: validation and workflow rules from domain/, persistence and events from data/. */
export class CatalogManager {
  constructor(
    private readonly titles: TitleStore,
    private readonly collections: CollectionStore,
  ) {}

  /** New titles are drafts; a bulk import may create them published in the same write. */
  async create(kind: 'MOVIE' | 'SERIES', input: TitleInput, status: 'DRAFT' | 'PUBLISHED' = 'DRAFT'): Promise<TitleRecord> {
    const data = this.toData(input, true);
    const slug = input.slug ?? slugify(`${input.title} ${input.releaseYear ?? ''}`);
    return this.guard(() => this.titles.create(kind, slug, data, status));
  }

  /**
   * Bulk creation (seeding): every input checked as `create` checks it, all written with their events in one
   * transaction; titles whose slug exists are skipped. Returns the titles created.
   */
  createMany(items: { kind: 'MOVIE' | 'SERIES' | 'EPISODE'; input: TitleInput; seasonId?: string; episodeNumber?: number }[]): Promise<TitleRecord[]> {
    return this.titles.createMany(
      items.map(({ kind, input, seasonId, episodeNumber }) => ({
        kind,
        slug: input.slug ?? slugify(`${input.title} ${input.releaseYear ?? ''}`),
        status: 'PUBLISHED',
        data: this.toData(input, true),
        seasonId: seasonId ?? null,
        episodeNumber: episodeNumber ?? null,
      })),
    );
  }

  async update(id: string, input: TitleInput): Promise<TitleRecord> {
    const existing = await this.require(id);
    if (existing.kind === 'EPISODE') throw badInput('Episodes are changed through their own mutations');
    return this.guard(() => this.titles.update(id, this.toData(input, false)));
  }

  async changeStatus(id: string, change: StatusChange): Promise<TitleRecord> {
    const existing = await this.require(id);
    return this.titles.setStatus(id, nextStatus(existing.status, change));
  }

  async delete(id: string): Promise<string> {
    await this.require(id);
    return this.titles.delete(id);
  }

  async createSeason(seriesId: string, number: number) {
    const series = await this.require(seriesId);
    if (series.kind !== 'SERIES') throw badInput('Seasons belong to series', [{ field: 'seriesId', message: 'Not a series' }]);
    if (!Number.isInteger(number) || number < 1) throw badInput('Season numbers start at 1', [{ field: 'number', message: 'Use 1 or more' }]);
    return this.guard(() => this.titles.createSeason(seriesId, number));
  }

  async createEpisode(
    seasonId: string,
    input: { title: string; episodeNumber: number; synopsis?: string | null; manifestPath?: string | null; durationSeconds?: number | null },
  ) {
    const [season] = await this.titles.findSeasons([seasonId]);
    if (!season) throw notFound('Season', seasonId);
    if (!Number.isInteger(input.episodeNumber) || input.episodeNumber < 1) {
      throw badInput('Episode numbers start at 1', [{ field: 'episodeNumber', message: 'Use 1 or more' }]);
    }
    validateTitleFields({ title: input.title, durationSeconds: input.durationSeconds }, true);
    const series = (await this.titles.findById(season.seriesId))!;
    const slug = slugify(`${series.slug} s${season.number}e${input.episodeNumber}`);
    return this.guard(() =>
      this.titles.createEpisode(seasonId, slug, series.status, {
        title: input.title,
        synopsis: input.synopsis ?? '',
        manifestPath: input.manifestPath ?? null,
        durationSeconds: input.durationSeconds ?? null,
        episodeNumber: input.episodeNumber,
      }),
    );
  }

  async createCollection(input: {
    slug: string;
    name: string;
    kind: 'CURATED' | 'NEW_THIS_MONTH' | 'POPULAR_IN_GENRE';
    genre?: string | null;
    position?: number | null;
  }) {
    if (input.kind === 'POPULAR_IN_GENRE' && !input.genre) {
      throw badInput('A genre rail needs a genre', [{ field: 'genre', message: 'Name the genre slug' }]);
    }
    return this.guard(() =>
      this.collections.create({ slug: input.slug, name: input.name, kind: input.kind, genreSlug: input.genre ?? null, position: input.position ?? 0 }),
    );
  }

  async setCollectionTitles(collectionId: string, titleIds: string[]) {
    const collection = await this.collections.findById(collectionId);
    if (!collection) throw notFound('Collection', collectionId);
    if (collection.kind !== 'CURATED') throw badInput('Only curated rails have hand-picked titles');
    const found = await this.titles.findManyByIds(titleIds);
    const missing = titleIds.filter((id) => !found.some((t) => t.id === id));
    if (missing.length) throw notFound('Title', missing.join(', '));
    return this.collections.setTitles(collectionId, titleIds);
  }

  private async require(id: string) {
    const title = await this.titles.findById(id);
    if (!title) throw notFound('Title', id);
    return title;
  }

  private toData(input: TitleInput, creating: boolean): TitleData {
    const availableFrom = input.availableFrom == null ? input.availableFrom : toDate(input.availableFrom, 'availableFrom');
    const availableTo = input.availableTo == null ? input.availableTo : toDate(input.availableTo, 'availableTo');
    validateTitleFields({ ...input, availableFrom, availableTo }, creating);
    const data: TitleData = {
      title: input.title?.trim() ?? undefined,
      slug: input.slug ?? undefined,
      originalTitle: input.originalTitle,
      synopsis: input.synopsis ?? undefined,
      maturityRating: input.maturityRating ?? undefined,
      releaseYear: input.releaseYear,
      popularity: input.popularity ?? undefined,
      availableFrom,
      availableTo,
      manifestPath: input.manifestPath,
      durationSeconds: input.durationSeconds,
      genres: input.genres ?? undefined,
      cast: input.cast ?? undefined,
      directors: input.directors ?? undefined,
      artwork: input.posterUrl ? posterArtwork(input.posterUrl) : undefined,
    };
    return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  }

  private async guard<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (prismaCode(error) === 'P2002') throw conflict('Something with the same slug or number already exists');
      if (prismaCode(error) === 'P2025') throw notFound('Title');
      throw error;
    }
  }
}
