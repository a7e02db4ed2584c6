/**
 * A clean start prints no warnings. The one seen was pg's "Calling client.query() when the client is
 * already executing a query": Prisma loads an include's relations at once, and inside a transaction they
 * share one connection. Creating a title (a transaction that reads it back with its relations) must not
 * raise it.
 */
import { CatalogManager, SEED_ACTOR } from '../subgraphs/catalog/src/catalog-manager';
import { createCatalogDb } from '../subgraphs/catalog/src/data/client';
import { CollectionStore } from '../subgraphs/catalog/src/data/collection-store';
import { TitleStore } from '../subgraphs/catalog/src/data/title-store';
import { TEST_DATABASE_URL } from './support/database';

test('a write that reads its title back with every relation raises no pg deprecation warning', async () => {
  const warnings: string[] = [];
  const listen = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', listen);
  const db = createCatalogDb(TEST_DATABASE_URL);
  try {
    const manager = new CatalogManager(new TitleStore(db), new CollectionStore(db));
    const tag = Date.now().toString(36);
    const movie = await manager.create(
      'MOVIE',
      { title: `Clean start ${tag}`, genres: ['drama', `clean-${tag}`], cast: ['Ada Lovelace'], directors: ['Grace Hopper'] },
      SEED_ACTOR,
      'PUBLISHED',
    );
    expect(movie.credits).toHaveLength(2);
    // Warnings are emitted on the next tick.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  } finally {
    process.off('warning', listen);
    await db.$disconnect();
  }
});
