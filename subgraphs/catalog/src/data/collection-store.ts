import { isUuid, recordEvent } from '@tvstream/service-kit';
import { collectionChanged } from '../events/collection-events';
import type { CatalogDb } from './client';
import { titleInclude } from '../domain/title-record';
import { visibleWhere, type Audience } from './title-store';

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

/** Home-screen rails: curated ones keep an editor's order, rule-based ones are computed when asked. */
export class CollectionStore {
  constructor(private readonly db: CatalogDb) {}

  list() {
    return this.db.collection.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] });
  }

  async findById(id: string) {
    return isUuid(id) ? this.db.collection.findUnique({ where: { id } }) : null;
  }

  create(data: { slug: string; name: string; kind: 'CURATED' | 'NEW_THIS_MONTH' | 'POPULAR_IN_GENRE'; genreSlug: string | null; position: number }) {
    return this.db.$transaction(async (tx) => {
      const collection = await tx.collection.create({ data });
      await recordEvent(tx, collectionChanged('collection.created', collection, []));
      return collection;
    });
  }

  setTitles(collectionId: string, titleIds: string[]) {
    return this.db.$transaction(async (tx) => {
      await tx.collectionItem.deleteMany({ where: { collectionId } });
      await tx.collectionItem.createMany({ data: titleIds.map((titleId, position) => ({ collectionId, titleId, position })) });
      const collection = await tx.collection.update({ where: { id: collectionId }, data: { version: { increment: 1 } } });
      await recordEvent(tx, collectionChanged('collection.updated', collection, titleIds));
      return collection;
    });
  }

  async titles(collection: { id: string; kind: string; genreSlug: string | null }, take: number, audience: Audience) {
    const visible = { ...visibleWhere(audience), kind: { in: ['MOVIE' as const, 'SERIES' as const] } };
    switch (collection.kind) {
      case 'CURATED': {
        const items = await this.db.collectionItem.findMany({
          where: { collectionId: collection.id, title: visible },
          include: { title: { include: titleInclude } },
          orderBy: { position: 'asc' },
          take,
        });
        return items.map((i) => i.title);
      }
      case 'NEW_THIS_MONTH':
        return this.db.title.findMany({
          where: { ...visible, createdAt: { gte: new Date(audience.now.getTime() - THIRTY_DAYS_MS) } },
          include: titleInclude,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take,
        });
      default:
        return this.db.title.findMany({
          where: { ...visible, genres: { some: { genreSlug: collection.genreSlug ?? '' } } },
          include: titleInclude,
          orderBy: [{ popularity: 'desc' }, { id: 'desc' }],
          take,
        });
    }
  }
}
