import { isUuid, recordEvent } from '@tvstream/service-kit';
import { collectionChanged } from '../events/collection-events';
import { recordAudit, type Actor } from './audit';
import { Prisma, type CatalogDb } from './client';
import { visibleSql, visibleWhere, type Audience } from './title-store';

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

export interface Rail {
  id: string;
  kind: string;
  genreSlug: string | null;
}

/** Home-screen rails: curated ones keep an editor's order, rule-based ones are computed when asked. */
export class CollectionStore {
  constructor(private readonly db: CatalogDb) {}

  list() {
    return this.db.collection.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] });
  }

  async findById(id: string) {
    return isUuid(id) ? this.db.collection.findUnique({ where: { id } }) : null;
  }

  create(data: { slug: string; name: string; kind: 'CURATED' | 'NEW_THIS_MONTH' | 'POPULAR_IN_GENRE'; genreSlug: string | null; position: number }, actor: Actor) {
    return this.db.$transaction(async (tx) => {
      const collection = await tx.collection.create({ data });
      await recordEvent(tx, collectionChanged('collection.created', collection, []));
      await recordAudit(tx, actor, { action: 'collection.create', targetId: collection.id, titleId: null, details: data });
      return collection;
    });
  }

  setTitles(collectionId: string, titleIds: string[], actor: Actor) {
    return this.db.$transaction(async (tx) => {
      // The rail's row is locked first: two editors' orders for one rail are applied one after the other,
      // where interleaved they would both delete the old items and then collide inserting theirs.
      const collection = await tx.collection.update({ where: { id: collectionId }, data: { version: { increment: 1 } } });
      await tx.collectionItem.deleteMany({ where: { collectionId } });
      await tx.collectionItem.createMany({ data: titleIds.map((titleId, position) => ({ collectionId, titleId, position })) });
      await recordEvent(tx, collectionChanged('collection.updated', collection, titleIds));
      await recordAudit(tx, actor, { action: 'collection.setTitles', targetId: collectionId, titleId: null, details: { titleIds } });
      return collection;
    });
  }

  /** A new name (the slug, which links use, stays); curated rails announce their titles again with it. */
  rename(collectionId: string, name: string, actor: Actor) {
    return this.db.$transaction(async (tx) => {
      const before = await tx.collection.findUnique({ where: { id: collectionId } });
      if (!before) return null;
      const collection = await tx.collection.update({ where: { id: collectionId }, data: { name, version: { increment: 1 } } });
      await recordEvent(tx, collectionChanged('collection.updated', collection, await this.curatedIds(tx, collectionId)));
      await recordAudit(tx, actor, { action: 'collection.rename', targetId: collectionId, titleId: null, details: { from: before.name, to: name, slug: before.slug } });
      return collection;
    });
  }

  /** Deletes a rail and its curated items; false when there was none. */
  delete(collectionId: string, actor: Actor) {
    return this.db.$transaction(async (tx) => {
      const collection = await tx.collection.findUnique({ where: { id: collectionId } });
      if (!collection) return false;
      const titleIds = await this.curatedIds(tx, collectionId);
      await tx.collectionItem.deleteMany({ where: { collectionId } });
      await tx.collection.delete({ where: { id: collectionId } });
      await recordEvent(tx, collectionChanged('collection.deleted', { ...collection, version: collection.version + 1 }, []));
      await recordAudit(tx, actor, {
        action: 'collection.delete',
        targetId: collectionId,
        titleId: null,
        details: { slug: collection.slug, name: collection.name, kind: collection.kind, titleIds },
      });
      return true;
    });
  }

  private async curatedIds(tx: Prisma.TransactionClient, collectionId: string) {
    const items = await tx.collectionItem.findMany({ where: { collectionId }, orderBy: { position: 'asc' }, select: { titleId: true } });
    return items.map((item) => item.titleId);
  }

  /**
   * The ids of the titles of many rails, in rail order, at most `take` each: one statement per kind of rail
   * whatever the number of rails (a home screen asks for all of them at once), so the titles themselves can
   * then be loaded in one batch.
   */
  async titleIds(rails: readonly Rail[], take: number, audience: Audience): Promise<string[][]> {
    const curated = rails.filter((r) => r.kind === 'CURATED').map((r) => r.id);
    const genres = [...new Set(rails.filter((r) => r.kind === 'POPULAR_IN_GENRE').map((r) => r.genreSlug ?? ''))];
    const visible = { ...visibleWhere(audience), kind: { in: ['MOVIE' as const, 'SERIES' as const] } };
    const [items, fresh, popular] = await Promise.all([
      curated.length
        ? this.db.collectionItem.findMany({
            where: { collectionId: { in: curated }, title: visible },
            select: { collectionId: true, titleId: true },
            orderBy: [{ collectionId: 'asc' }, { position: 'asc' }],
          })
        : [],
      rails.some((r) => r.kind === 'NEW_THIS_MONTH')
        ? this.db.title.findMany({
            where: { ...visible, createdAt: { gte: new Date(audience.now.getTime() - THIRTY_DAYS_MS) } },
            select: { id: true },
            orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
            take,
          })
        : [],
      genres.length ? this.popularInGenres(genres, take, audience) : [],
    ]);
    const byRail = new Map<string, string[]>();
    for (const item of items) {
      const ids = byRail.get(item.collectionId) ?? [];
      if (ids.length < take) ids.push(item.titleId);
      byRail.set(item.collectionId, ids);
    }
    const byGenre = new Map<string, string[]>();
    for (const row of popular) byGenre.set(row.genreSlug, [...(byGenre.get(row.genreSlug) ?? []), row.id]);
    return rails.map((rail) => {
      if (rail.kind === 'CURATED') return byRail.get(rail.id) ?? [];
      if (rail.kind === 'NEW_THIS_MONTH') return fresh.map((t) => t.id);
      return byGenre.get(rail.genreSlug ?? '') ?? [];
    });
  }

  /** The `take` most popular visible titles of each genre, in one statement (a LATERAL top-N per genre). */
  private popularInGenres(genres: string[], take: number, audience: Audience) {
    return this.db.$queryRaw<{ genreSlug: string; id: string }[]>(Prisma.sql`
      SELECT g.slug AS "genreSlug", top.id
      FROM unnest(${genres}::text[]) AS g(slug)
      CROSS JOIN LATERAL (
        SELECT t.id::text AS id, t."popularity", t.id AS "uuid" FROM "catalog"."Title" t
        JOIN "catalog"."TitleGenre" tg ON tg."titleId" = t.id AND tg."genreSlug" = g.slug
        WHERE t."kind" IN ('MOVIE', 'SERIES') AND ${visibleSql(audience)}
        ORDER BY t."popularity" DESC, t.id DESC
        LIMIT ${take}
      ) top
      ORDER BY g.slug, top."popularity" DESC, top."uuid" DESC`);
  }
}
