/**
 * The judged corpus: every film of vega-datasets (as the catalog seeds them) and every programme of the real
 * XMLTV guides (data/xmltv) plus multilingual.xml, a hand-written guide for Russian, French and German, as the
 * owners' events. Guides are shifted to start at GUIDE_START so that at NOW some programmes are over, some
 * airing and some upcoming, the same on every run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { moviesFromVega, VEGA_MOVIES, type VegaMovie } from '../../subgraphs/catalog/src/domain/vega-movies';
import { parseXmltv } from '../../subgraphs/live/src/domain/xmltv-parser';
import type { SourcedEvent } from '../../subgraphs/search/src/events/event-source';
import { channelEvent, programmeEvent, titleEvent } from '../support/search';

export const GUIDE_START = Date.parse('2026-12-01T00:00:00Z');
export const NOW = new Date('2026-12-01T12:00:00Z');
const GUIDES_DIR = process.env.XMLTV_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'data', 'xmltv');

/** Ids in corpus order, so that hits tied on every ranking signal come in the same order on every run. */
let sequence = 0;
const id = () => `00000000-0000-4000-8000-${(sequence += 1).toString().padStart(12, '0')}`;

export function guideFiles(): string[] {
  const shared = readdirSync(GUIDES_DIR)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => join(GUIDES_DIR, f));
  return [...shared, join(__dirname, 'multilingual.xml')];
}

export function filmEvents(): SourcedEvent[] {
  const rows = JSON.parse(readFileSync(VEGA_MOVIES, 'utf8')) as VegaMovie[];
  return moviesFromVega(rows).map((movie) =>
    titleEvent(
      {
        id: id(),
        title: movie.title!,
        releaseYear: movie.releaseYear ?? null,
        genres: movie.genres ?? [],
        maturityRating: movie.maturityRating ?? 0,
        popularity: movie.popularity ?? 0,
        directors: movie.directors ?? [],
      },
      1,
    ),
  );
}

export async function guideEvents(): Promise<SourcedEvent[]> {
  const events: SourcedEvent[] = [];
  let number = 100;
  for (const file of guideFiles()) {
    const guide = await parseXmltv(readFileSync(file, 'utf8'));
    const channels = new Map(guide.channels.map((c) => [c.xmltvId, { id: id(), name: c.names[0]?.text ?? c.xmltvId, number: (number += 1) }]));
    for (const channel of channels.values()) events.push(channelEvent(channel, 1));
    const shift = GUIDE_START - Math.min(...guide.programmes.map((p) => p.start.getTime()));
    for (const p of guide.programmes) {
      const channel = channels.get(p.channel);
      if (!channel || !p.titles.length) continue;
      const start = new Date(p.start.getTime() + shift);
      const end = new Date((p.end ?? new Date(p.start.getTime() + 30 * 60_000)).getTime() + shift);
      const titles = Object.fromEntries(p.titles.map((t) => [t.language ?? 'und', t.text]));
      events.push(
        programmeEvent(
          {
            id: id(),
            channelId: channel.id,
            title: p.titles[0].text,
            titles,
            start,
            end,
            maturityRating: p.maturityRating,
            categories: p.categories.map((c) => c.text),
            description: p.descriptions[0]?.text,
          },
          1,
        ),
      );
    }
  }
  return events;
}
