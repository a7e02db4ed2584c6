/**
 * `npm run seed`: loads every movie of vega-datasets' movies.json (a real movie list) through the same
 * manager as the editor mutations, events included. Idempotent: the slug is the natural key, so a second
 * run updates in place and creates nothing.
 */
import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { createCatalogDb } from '../data/client';
import { CollectionStore } from '../data/collection-store';
import { TitleStore } from '../data/title-store';
import { CatalogManager } from '../catalog-manager';
import { moviesFromVega, VEGA_MOVIES, type VegaMovie } from '../domain/vega-movies';

export async function seedCatalog(databaseUrl: string) {
  const db = createCatalogDb(databaseUrl);
  const titles = new TitleStore(db);
  const manager = new CatalogManager(titles, new CollectionStore(db));
  const raw = JSON.parse(readFileSync(VEGA_MOVIES, 'utf8')) as VegaMovie[];
  let created = 0;
  let updated = 0;
  try {
    for (const movie of moviesFromVega(raw)) {
      const existing = await titles.findBySlug(movie.slug!);
      if (existing) {
        updated++;
        continue;
      }
      try {
        await manager.create('MOVIE', movie, 'PUBLISHED');
        created++;
      } catch (error) {
        // Created meanwhile by someone else (an editor, the demo loader): present, not ours to overwrite.
        if (!(error instanceof GraphQLError && error.extensions.code === 'CONFLICT')) throw error;
        updated++;
      }
    }
  } finally {
    await db.$disconnect();
  }
  return { created, unchanged: updated, total: created + updated };
}

if (require.main === module) {
  const started = Date.now();
  seedCatalog(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tvstream').then(
    (result) => {
      console.log(`catalog seed: ${result.created} created, ${result.unchanged} already present (${result.total} movies) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
