import type { CollectionStore, Rail } from './collection-store';
import type { Audience } from './title-store';

/** One rail's titles at one page size, as a resolver asks for them. */
export interface RailPage {
  rail: Rail;
  take: number;
}

export const railPageKey = (page: RailPage) => `${page.rail.id}:${page.take}`;

/** Every rail of a request in one `titleIds` call per page size (a home screen uses one size). */
export async function railTitleIds(collections: CollectionStore, pages: readonly RailPage[], audience: Audience): Promise<string[][]> {
  const bySize = new Map<number, RailPage[]>();
  for (const page of pages) bySize.set(page.take, [...(bySize.get(page.take) ?? []), page]);
  const found = new Map<string, string[]>();
  await Promise.all(
    [...bySize].map(async ([take, group]) => {
      const ids = await collections.titleIds(group.map((p) => p.rail), take, audience);
      group.forEach((page, i) => found.set(railPageKey(page), ids[i]));
    }),
  );
  return pages.map((page) => found.get(railPageKey(page))!);
}
