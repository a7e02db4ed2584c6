/**
 * `npm run seed`: the 3,200 films of vega-datasets into the catalog (idempotent).
 * `npm run seed -- --scale N [--channels 200] [--days 7]`: a realistic catalog and guide of about N searchable
 * documents, through each service's domain and bulk paths (events included, so search indexes them as it would
 * any edit): 200 channels × 7 days of guide expanded from the real XMLTV guides (data/xmltv, or XMLTV_DIR), every vega film, then
 * generated films and series with seasons and episodes for the rest. Prints progress; an interrupted run can
 * simply run again and adds what is missing.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { databaseFor } from '@tvstream/service-kit';
import { seedCatalog, seedCatalogAtScale } from '../subgraphs/catalog/src/bin/seed';
import { seedGuide } from '../subgraphs/live/src/cli/seed-guide';

const HELP = `usage: npm run seed -- [options]

Without --scale: loads the 3,200 movies of vega-datasets into the catalog as published titles, through the
editors' rules and events (idempotent: a second run creates nothing).

options:
  --scale N           build a catalog and guide of about N searchable documents instead: every vega film,
                      generated films and series with seasons and episodes, and a guide expanded from the
                      XMLTV files in XMLTV_DIR (default ../shared/data/xmltv); resumable
  --channels N        with --scale: channels in the guide (default 200)
  --days N            with --scale: days of guide per channel (default 7)
  --database-url URL  the PostgreSQL to write to. Default: DATABASE_URL when set, else the embedded databases
                      of the running \`npm start\` (it prints them under "Databases")
  -h, --help          this text`;

/** `--name value` as a positive integer, or `fallback`. */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

/** `--database-url` for every service, else each service's own database (DATABASE_URL or the running system's). */
function databaseOf(service: string): string {
  const at = process.argv.indexOf('--database-url');
  if (at >= 0 && process.argv[at + 1]) return process.argv[at + 1];
  return databaseFor(service).url;
}

async function main() {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  if (!process.argv.includes('--scale')) {
    const result = await seedCatalog(databaseOf('catalog'));
    console.log(`catalog seed: ${result.created} created, ${result.unchanged} already present (${result.total} movies) in ${elapsed()}`);
    return;
  }
  const size = option('scale', 100_000);
  // The guide's size: 200 channels × 7 days unless told (smaller runs, tests).
  const channels = option('channels', 200);
  const days = option('days', 7);
  const xmltvDir = process.env.XMLTV_DIR ?? resolve(__dirname, '..', '..', 'shared', 'data', 'xmltv');
  const files = readdirSync(xmltvDir)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => join(xmltvDir, f));
  // The week around today: three days of catch-up behind, three ahead.
  const from = new Date(Date.now() - 3 * 24 * 3600_000);
  const guide = await seedGuide(databaseOf('live'), { files, channels, days, from }, (done, total, programmes) => {
    if (done % 20 === 0 || done === total) console.log(`guide: ${done}/${total} channels, ${programmes} programmes (${elapsed()})`);
  });
  const titles = Math.max(0, size - guide.channels - guide.programmes);
  let reported = 0;
  const catalog = await seedCatalogAtScale(databaseOf('catalog'), titles, (done, total) => {
    if (done - reported >= 5000 || done === total) {
      reported = done;
      console.log(`catalog: ${done}/${total} titles (${elapsed()})`);
    }
  });
  console.log(
    `seed --scale ${size}: ${guide.channels} channels and ${guide.programmes} programmes (${guide.imported} new), ${catalog.total} titles (${catalog.created} new) in ${elapsed()}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
