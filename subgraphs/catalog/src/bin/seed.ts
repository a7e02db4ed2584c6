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
import { CatalogManager, SEED_ACTOR } from '../catalog-manager';
import { generateCatalog } from '../domain/generated-titles';
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
        await manager.create('MOVIE', movie, SEED_ACTOR, 'PUBLISHED');
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

const BATCH = 500;

/**
 * `npm run seed -- --scale N`, catalog part: every vega film, then generated films and series with seasons
 * and episodes up to `titles` titles, through the manager's bulk path (one transaction and one batch of
 * outbox events per 500 titles). Resumable: titles already present (by slug) are skipped.
 */
export async function seedCatalogAtScale(databaseUrl: string, titles: number, progress: (done: number, total: number) => void = () => {}) {
  const db = createCatalogDb(databaseUrl);
  const store = new TitleStore(db);
  const manager = new CatalogManager(store, new CollectionStore(db));
  const films = moviesFromVega(JSON.parse(readFileSync(VEGA_MOVIES, 'utf8')) as VegaMovie[]);
  const generated = generateCatalog(films, Math.max(0, titles - films.length));
  let done = 0;
  let created = 0;
  const write = async (items: Parameters<CatalogManager['createMany']>[0]) => {
    for (let i = 0; i < items.length; i += BATCH) {
      created += (await manager.createMany(items.slice(i, i + BATCH))).length;
      done += Math.min(BATCH, items.length - i);
      progress(done, titles);
    }
  };
  try {
    await write([...films, ...generated.films].map((input) => ({ kind: 'MOVIE' as const, input })));
    for (let i = 0; i < generated.series.length; i += BATCH / 10) {
      const chunk = generated.series.slice(i, i + BATCH / 10);
      await write(chunk.map(({ series }) => ({ kind: 'SERIES' as const, input: series })));
      const ids = await store.idsBySlug(chunk.map(({ series }) => series.slug!));
      const seasons = await store.ensureSeasons(
        chunk.flatMap(({ series, seasons }) => seasons.map((season) => ({ seriesId: ids.get(series.slug!)!, number: season.number }))),
      );
      const seasonId = new Map(seasons.map((season) => [`${season.seriesId}:${season.number}`, season.id]));
      await write(
        chunk.flatMap(({ series, seasons }) =>
          seasons.flatMap((season) =>
            season.episodes.map((input, e) => ({
              kind: 'EPISODE' as const,
              input,
              seasonId: seasonId.get(`${ids.get(series.slug!)}:${season.number}`)!,
              episodeNumber: e + 1,
            })),
          ),
        ),
      );
    }
  } finally {
    await db.$disconnect();
  }
  return { created, unchanged: done - created, total: done };
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
      console.log(
        `catalog seed: ${result.created} created, ${result.unchanged} already present (${result.total} movies) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      process.exit(0);
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
