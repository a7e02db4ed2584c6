/**
 * The search benchmark's corpus, as the owners' events: what `npm run seed -- --scale N` writes, built by the
 * same generators — every vega-datasets film, 200 channels × 7 days of guide expanded from the real XMLTV
 * guides, and generated films and series with seasons and episodes up to the wanted size.
 */
import { readFileSync } from 'node:fs';
import { generateCatalog } from '../subgraphs/catalog/src/domain/generated-titles';
import { moviesFromVega, VEGA_MOVIES, type VegaMovie } from '../subgraphs/catalog/src/domain/vega-movies';
import type { TitleInput } from '../subgraphs/catalog/src/catalog-manager';
import { expandGuides } from '../subgraphs/live/src/domain/guide-expansion';
import { parseXmltv } from '../subgraphs/live/src/domain/xmltv-parser';
import type { SourcedEvent } from '../subgraphs/search/src/events/event-source';
import { guideFiles } from '../tests/search-relevance/corpus';
import { channelEvent, id, programmeEvent, titleEvent } from '../tests/support/search';

const DAY = 24 * 3600_000;

async function guideEvents(from: Date): Promise<SourcedEvent[]> {
  const guides = await Promise.all(guideFiles().map((file) => parseXmltv(readFileSync(file, 'utf8'))));
  const events: SourcedEvent[] = [];
  for (const [i, document] of expandGuides(guides, 200, 7, from).entries()) {
    const guide = await parseXmltv(document);
    const channel = { id: id(), name: guide.channels[0].names[0].text, number: 1000 + i };
    events.push(channelEvent(channel, 1));
    for (const p of guide.programmes) {
      const end = p.end ?? new Date(p.start.getTime() + 1800_000);
      const titles = Object.fromEntries(p.titles.map((t) => [t.language ?? 'und', t.text]));
      events.push(
        programmeEvent(
          {
            id: id(),
            channelId: channel.id,
            title: p.titles[0].text,
            titles,
            start: p.start,
            end,
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

const titleOf = (input: TitleInput, kind: 'MOVIE' | 'SERIES' | 'EPISODE', seriesId: string | null = null) =>
  titleEvent(
    {
      id: id(),
      kind,
      title: input.title!,
      synopsis: input.synopsis ?? undefined,
      releaseYear: input.releaseYear ?? null,
      genres: input.genres ?? [],
      maturityRating: input.maturityRating ?? 0,
      popularity: input.popularity ?? 0,
      cast: input.cast ?? [],
      directors: input.directors ?? [],
      seriesId,
    },
    1,
  );

/** About `size` documents: the expanded guide, every vega film, then generated titles for the rest. */
export async function searchCorpus(size: number, now: Date): Promise<SourcedEvent[]> {
  const guide = await guideEvents(new Date(now.getTime() - 3 * DAY));
  const films = moviesFromVega(JSON.parse(readFileSync(VEGA_MOVIES, 'utf8')) as VegaMovie[]);
  const generated = generateCatalog(films, Math.max(0, size - guide.length - films.length));
  const events = [...guide, ...[...films, ...generated.films].map((film) => titleOf(film, 'MOVIE'))];
  for (const { series, seasons } of generated.series) {
    const head = titleOf(series, 'SERIES');
    events.push(head, ...seasons.flatMap((season) => season.episodes.map((episode) => titleOf(episode, 'EPISODE', head.entityId))));
  }
  return events;
}
