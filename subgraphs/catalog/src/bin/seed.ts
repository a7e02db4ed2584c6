/**
 * `npm run seed`: loads every movie of vega-datasets' movies.json (a real movie list) through the same
 * manager as the editor mutations, events included. Idempotent: the slug is the natural key, so a second
 * run updates in place and creates nothing.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GraphQLError } from 'graphql';
import { databaseFor } from '@tvstream/service-kit';
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

const HELP = `usage: npm run seed -- [options]

Loads the 3,200 movies of vega-datasets into the catalog as published titles, through the editors' rules
and events (idempotent: a second run creates nothing).

options:
  --database-url URL  the catalog database to write to. Default: DATABASE_URL when set, else the embedded
                      database of the running \`npm start\` (it prints the address as "Databases catalog …")
  -h, --help          this text`;

if (require.main === module) {
  const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const database = values['database-url'] ? { url: values['database-url'], source: '--database-url' } : databaseFor('catalog');
  console.log(`seeding ${database.source}`);
  const started = Date.now();
  seedCatalog(database.url).then(
    (result) => {
      console.log(`catalog seed: ${result.created} created, ${result.unchanged} already present (${result.total} movies) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      process.exit(0);
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
