/**
 * `npm run import:xmltv -- FILE [FILE…]`: imports XMLTV guides straight into the live database the running
 * system uses, streaming each file from disk through the parser. Same rules, transaction and outbox events
 * as the `importXmltv` mutation. Exit code 1 when a file is refused.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GraphQLError } from 'graphql';
import { databaseFor, systemActor } from '@tvstream/service-kit';
import { createLiveDb } from '../data/client';
import { XmltvImporter } from '../xmltv-importer';

const HELP = `usage: npm run import:xmltv -- [options] FILE [FILE…]

Imports XMLTV guides (files of any size, streamed) into the live service's database, with the same rules
and events as the importXmltv mutation, and prints each import's report.

options:
  --database-url URL  the live database to write to. Default: DATABASE_URL when set, else the embedded
                      database of the running \`npm start\` (it prints the address as "Databases live …")
  -h, --help          this text

exit code: 0 when every file was imported, 1 when one was refused, 2 on bad usage`;

async function main() {
  const { values, positionals: files } = parseArgs({
    options: { 'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return process.exit(0);
  }
  if (!files.length) {
    console.error(HELP);
    return process.exit(2);
  }
  const database = values['database-url'] ? { url: values['database-url'], source: '--database-url' } : databaseFor('live');
  console.log(`importing into ${database.source}`);
  const db = createLiveDb(database.url);
  const importer = new XmltvImporter(db);
  let failed = false;
  try {
    for (const file of files) {
      try {
        const report = await importer.import(createReadStream(resolve(process.cwd(), file), { highWaterMark: 64 * 1024 }), systemActor('import-xmltv'));
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
