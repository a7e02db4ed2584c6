import { badInput, conflict, isUuid, notFound, systemActor, toDate } from '@tvstream/service-kit';
import { checkCollectionName, validateCollectionFields } from './domain/collections';
import { artworkFrom, type ArtworkInput } from './domain/artwork';
import { renderPoster } from './domain/poster';
import {
  checkCreatorsFor,
  CREDIT_FIELDS,
  episodeSlug,
  nextStatus,
  posterArtwork,
  slugify,
  validateEpisodeFields,
  validateSeasonNumber,
  validateTitleFields,
  type StatusChange,
} from './domain/titles';
import type { Actor } from './data/audit';
import type { CollectionStore } from './data/collection-store';
import type { NewTitle, TitleData, TitleStore } from './data/title-store';
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
  writers?: string[] | null;
  producers?: string[] | null;
  creators?: string[] | null;
  manifestPath?: string | null;
  durationSeconds?: number | null;
  posterUrl?: string | null;
  artwork?: ArtworkInput[] | null;
}

export interface EpisodeChanges {
  title?: string | null;
  episodeNumber?: number | null;
  synopsis?: string | null;
  manifestPath?: string | null;
  durationSeconds?: number | null;
}

/** The seeding scripts' changes, for the audit log. */
export const SEED_ACTOR: Actor = systemActor('seed');

const prismaCode = (error: unknown) => (error as { code?: string })?.code;

/** Editorial operations: validation and workflow rules from domain/, persistence and events from data/. */
export class CatalogManager {
  constructor(
    private readonly titles: TitleStore,
    private readonly collections: CollectionStore,
  ) {}

  /** New titles are drafts; a bulk import may create them published in the same write. */
  async create(kind: 'MOVIE' | 'SERIES', input: TitleInput, actor: Actor, status: 'DRAFT' | 'PUBLISHED' = 'DRAFT'): Promise<TitleRecord> {
    checkCreatorsFor(kind, input.creators);
    const data = this.toData(input, true);
    const slug = input.slug ?? slugify(`${input.title} ${input.releaseYear ?? ''}`);
    // Every movie and series gets a poster drawn from its name; apps show it until an editor gives one.
    const poster = renderPoster({ title: data.title!, releaseYear: data.releaseYear });
    return this.guard(() => this.titles.create(kind, slug, data, status, actor, poster));
  }

  /**
   * Bulk creation (seeding): every input checked as `create` checks it, all written with their events in one
   * transaction; titles whose slug exists are skipped. Returns the titles created.
   */
  createMany(items: { kind: 'MOVIE' | 'SERIES' | 'EPISODE'; input: TitleInput; seasonId?: string; episodeNumber?: number }[]): Promise<TitleRecord[]> {
    return this.titles.createMany(
      items.map(({ kind, input, seasonId, episodeNumber }): NewTitle => {
        const data = this.toData(input, true);
        return {
          kind,
          slug: input.slug ?? slugify(`${input.title} ${input.releaseYear ?? ''}`),
          status: 'PUBLISHED',
          data,
          seasonId: seasonId ?? null,
          episodeNumber: episodeNumber ?? null,
          poster: kind === 'EPISODE' ? undefined : renderPoster({ title: data.title!, releaseYear: data.releaseYear }),
        };
      }),
    );
  }

  async update(id: string, input: TitleInput, actor: Actor): Promise<TitleRecord> {
    const existing = await this.require(id);
    if (existing.kind === 'EPISODE') throw badInput('Episodes are changed through their own mutations');
    checkCreatorsFor(existing.kind, input.creators);
    const data = this.toData(input, false);
    // The poster shows the name and year: a change to either draws it again.
    const poster = renderPoster({ title: data.title ?? existing.title, releaseYear: data.releaseYear === undefined ? existing.releaseYear : data.releaseYear });
    return this.guard(() => this.titles.update(id, data, actor, poster.hash === existing.generatedPoster ? undefined : poster));
  }

  async changeStatus(id: string, change: StatusChange, actor: Actor): Promise<TitleRecord> {
    const existing = await this.require(id);
    return this.titles.setStatus(id, nextStatus(existing.status, change), actor, `title.${change}`);
  }

  async delete(id: string, actor: Actor): Promise<string> {
    const existing = await this.require(id);
    return this.titles.delete(id, actor, existing.kind === 'EPISODE' ? 'episode.delete' : 'title.delete');
  }

  async createSeason(seriesId: string, number: number, actor: Actor) {
    const series = await this.require(seriesId);
    if (series.kind !== 'SERIES') throw badInput('Seasons belong to series', [{ field: 'seriesId', message: 'Not a series' }]);
    validateSeasonNumber(number);
    return this.guard(() => this.titles.createSeason(seriesId, number, actor));
  }

  async updateSeason(id: string, number: number, actor: Actor) {
    const season = await this.requireSeason(id);
    validateSeasonNumber(number);
    const series = (await this.titles.findById(season.seriesId))!;
    return this.guard(() => this.titles.updateSeason(id, number, (episodeNumber) => episodeSlug(series.slug, number, episodeNumber), actor));
  }

  async deleteSeason(id: string, actor: Actor) {
    await this.requireSeason(id);
    return this.guard(() => this.titles.deleteSeason(id, actor));
  }

  async createEpisode(
    seasonId: string,
    input: { title: string; episodeNumber: number; synopsis?: string | null; manifestPath?: string | null; durationSeconds?: number | null },
    actor: Actor,
  ) {
    const season = await this.requireSeason(seasonId);
    validateEpisodeFields(input, true);
    const series = (await this.titles.findById(season.seriesId))!;
    const slug = episodeSlug(series.slug, season.number, input.episodeNumber);
    return this.guard(() =>
      this.titles.createEpisode(
        seasonId,
        slug,
        series.status,
        {
          title: input.title.trim(),
          synopsis: input.synopsis ?? '',
          manifestPath: input.manifestPath ?? null,
          durationSeconds: input.durationSeconds ?? null,
          episodeNumber: input.episodeNumber,
        },
        actor,
      ),
    );
  }

  async updateEpisode(id: string, input: EpisodeChanges, actor: Actor) {
    const episode = await this.requireEpisode(id);
    validateEpisodeFields(input, false);
    const { season } = episode;
    const data = Object.fromEntries(
      Object.entries({
        title: input.title?.trim() ?? undefined,
        episodeNumber: input.episodeNumber ?? undefined,
        slug: input.episodeNumber ? episodeSlug(season!.series.slug, season!.number, input.episodeNumber) : undefined,
        synopsis: input.synopsis ?? undefined,
        manifestPath: input.manifestPath,
        durationSeconds: input.durationSeconds,
      }).filter(([, v]) => v !== undefined),
    );
    return this.guard(() => this.titles.updateEpisode(id, data, actor));
  }

  async deleteEpisode(id: string, actor: Actor) {
    await this.requireEpisode(id);
    return this.titles.delete(id, actor, 'episode.delete');
  }

  async createCollection(
    input: {
      slug: string;
      name: string;
      kind: 'CURATED' | 'NEW_THIS_MONTH' | 'POPULAR_IN_GENRE';
      genre?: string | null;
      position?: number | null;
    },
    actor: Actor,
  ) {
    validateCollectionFields(input);
    return this.guard(() =>
      this.collections.create(
        { slug: input.slug, name: input.name.trim(), kind: input.kind, genreSlug: input.genre ?? null, position: input.position ?? 0 },
        actor,
      ),
    );
  }

  async renameCollection(collectionId: string, name: string, actor: Actor) {
    const checked = checkCollectionName(name);
    const renamed = isUuid(collectionId) ? await this.collections.rename(collectionId, checked, actor) : null;
    if (!renamed) throw notFound('Collection', collectionId);
    return renamed;
  }

  async deleteCollection(collectionId: string, actor: Actor): Promise<string> {
    if (!isUuid(collectionId) || !(await this.collections.delete(collectionId, actor))) throw notFound('Collection', collectionId);
    return collectionId;
  }

  async setCollectionTitles(collectionId: string, titleIds: string[], actor: Actor) {
    const collection = await this.collections.findById(collectionId);
    if (!collection) throw notFound('Collection', collectionId);
    if (collection.kind !== 'CURATED') throw badInput('Only curated rails have hand-picked titles');
    const found = await this.titles.findManyByIds(titleIds);
    const missing = titleIds.filter((id) => !found.some((t) => t.id === id));
    if (missing.length) throw notFound('Title', missing.join(', '));
    return this.collections.setTitles(collectionId, [...new Set(titleIds)], actor);
  }

  private async require(id: string) {
    const title = await this.titles.findById(id);
    if (!title) throw notFound('Title', id);
    return title;
  }

  private async requireSeason(id: string) {
    const [season] = await this.titles.findSeasons([id]);
    if (!season) throw notFound('Season', id);
    return season;
  }

  private async requireEpisode(id: string) {
    const episode = await this.titles.findById(id);
    if (episode?.kind !== 'EPISODE') throw notFound('Episode', id);
    return episode;
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
      ...Object.fromEntries(CREDIT_FIELDS.map(([, field]) => [field, input[field]?.map((name) => name.trim()) ?? undefined])),
      artwork: input.artwork ? artworkFrom(input.artwork) : input.posterUrl ? posterArtwork(input.posterUrl) : undefined,
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
