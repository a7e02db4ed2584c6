/**
 * `npm run seed`: the 3,200 films of vega-datasets into the catalog (idempotent).
 * `npm run seed -- --scale N [--channels 200] [--days 7]`: a realistic catalog and guide of about N searchable
 * documents, through each service's domain and bulk paths (events included, so search indexes them as it would
 * any edit): 200 channels × 7 days of guide expanded from the real XMLTV guides (data/xmltv, or XMLTV_DIR), every vega film, then
 * generated films and series with seasons and episodes for the rest. Prints progress; an interrupted run can
 * simply run again and adds what is missing. DATABASE_URL as for every service.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedCatalog, seedCatalogAtScale } from '../subgraphs/catalog/src/bin/seed';
import { seedGuide } from '../subgraphs/live/src/cli/seed-guide';

/** `--name value` as a positive integer, or `fallback`. */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a positive whole number`);
  return value;
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tvstream';
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  if (!process.argv.includes('--scale')) {
    const result = await seedCatalog(databaseUrl);
    console.log(`catalog seed: ${result.created} created, ${result.unchanged} already present (${result.total} movies) in ${elapsed()}`);
    return;
  }
  const size = option('scale', 100_000);
  // The guide's size: 200 channels × 7 days unless told (smaller runs, tests).
  const channels = option('channels', 200);
  const days = option('days', 7);
  const xmltvDir = process.env.XMLTV_DIR ?? resolve(__dirname, '..', '..', 'shared', 'data', 'xmltv');
  const files = readdirSync(xmltvDir).filter((f) => f.endsWith('.xml')).map((f) => join(xmltvDir, f));
  // The week around today: three days of catch-up behind, three ahead.
  const from = new Date(Date.now() - 3 * 24 * 3600_000);
  const guide = await seedGuide(databaseUrl, { files, channels, days, from }, (done, total, programmes) => {
    if (done % 20 === 0 || done === total) console.log(`guide: ${done}/${total} channels, ${programmes} programmes (${elapsed()})`);
  });
  const titles = Math.max(0, size - guide.channels - guide.programmes);
  let reported = 0;
  const catalog = await seedCatalogAtScale(databaseUrl, titles, (done, total) => {
    if (done - reported >= 5000 || done === total) {
      reported = done;
      console.log(`catalog: ${done}/${total} titles (${elapsed()})`);
    }
  });
  console.log(`seed --scale ${size}: ${guide.channels} channels and ${guide.programmes} programmes (${guide.imported} new), ${catalog.total} titles (${catalog.created} new) in ${elapsed()}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
