/**
 * `npm run seed -- --scale N`, guide part: `channels` channels × `days` days expanded from real XMLTV guides
 * (domain/guide-expansion.ts), imported channel by channel through the XMLTV importer (one transaction and one
 * batch of outbox events each). Resumable: a channel already imported comes back `unchanged`.
 */
import { readFileSync } from 'node:fs';
import { systemActor } from '@tvstream/service-kit';
import { createLiveDb } from '../data/client';
import { expandGuides } from '../domain/guide-expansion';
import { parseXmltv } from '../domain/xmltv-parser';
import { XmltvImporter } from '../xmltv-importer';

export async function seedGuide(
  databaseUrl: string,
  options: { files: string[]; channels: number; days: number; from: Date },
  progress: (done: number, total: number, programmes: number) => void = () => {},
) {
  const guides = await Promise.all(options.files.map((file) => parseXmltv(readFileSync(file, 'utf8'))));
  const documents = expandGuides(guides, options.channels, options.days, options.from);
  const db = createLiveDb(databaseUrl);
  const importer = new XmltvImporter(db);
  let programmes = 0;
  let imported = 0;
  try {
    for (const [i, document] of documents.entries()) {
      const report = await importer.import(document, systemActor('seed-guide'));
      programmes += report.imported + report.updated + report.unchanged;
      imported += report.imported;
      progress(i + 1, documents.length, programmes);
    }
  } finally {
    await db.$disconnect();
  }
  return { channels: documents.length, programmes, imported };
}
