import type { DomainEvent } from '@tvstream/service-kit';

export const COLLECTIONS_TOPIC = 'catalog.collections';

export interface CollectionFacts {
  id: string;
  slug: string;
  name: string;
  kind: string;
  genreSlug: string | null;
  position: number;
  version: number;
}

/**
 * A rail as home screens show it: curated rails carry their titles in order, rule-based ones none. A deleted
 * rail's event carries its last facts (and no titles), at the next version.
 */
export function collectionChanged(
  type: 'collection.created' | 'collection.updated' | 'collection.deleted',
  collection: CollectionFacts,
  titleIds: string[],
): DomainEvent {
  return {
    topic: COLLECTIONS_TOPIC,
    type,
    entityId: collection.id,
    entityVersion: collection.version,
    payload: {
      id: collection.id,
      slug: collection.slug,
      name: collection.name,
      kind: collection.kind,
      genreSlug: collection.genreSlug,
      position: collection.position,
      titleIds,
    },
  };
}
