/**
 * `npm run import:xmltv -- FILE [FILE…]`: imports XMLTV guides straight into the live database
 * (DATABASE_URL), streaming each file from disk through the parser. Same rules, transaction and outbox
 * events as the `importXmltv` mutation. Exit code 1 when a file is refused.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { GraphQLError } from 'graphql';
import { loadLiveConfig } from '../config';
import { createLiveDb } from '../data/client';
import { XmltvImporter } from '../xmltv-importer';

async function main() {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!files.length) {
    console.error('usage: npm run import:xmltv -- FILE [FILE…]');
    process.exit(2);
  }
  const config = loadLiveConfig();
  const db = createLiveDb(config.DATABASE_URL);
  const importer = new XmltvImporter(db);
  let failed = false;
  try {
    for (const file of files) {
      try {
        const report = await importer.import(createReadStream(resolve(process.cwd(), file), { highWaterMark: 64 * 1024 }));
        const { rejections, warnings, ...counts } = report;
        console.log(`${file}: ${JSON.stringify(counts)}`);
        for (const r of rejections) console.log(`  rejected line ${r.line}${r.channel ? ` (${r.channel})` : ''}: ${r.reason}`);
        for (const w of warnings) console.log(`  warning line ${w.line}${w.channel ? ` (${w.channel})` : ''}: ${w.message}`);
      } catch (error) {
        failed = true;
        console.error(`${file}: ${error instanceof GraphQLError ? error.message : String(error)}`);
      }
    }
  } finally {
    await db.$disconnect();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
