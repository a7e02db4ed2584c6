/**
 * A search corpus at scale, as the owners' events: every vega-datasets film, 200 channels × 7 days of guide
 * expanded from the real XMLTV guides (each channel replays one real channel's schedule), and generated series
 * (with seasons of named episodes) and films up to the wanted size, their names and credits drawn from the
 * real film list's words and directors. Deterministic: the same size gives the same corpus.
 */
import { readFileSync } from 'node:fs';
import { moviesFromVega, VEGA_MOVIES, type VegaMovie } from '../subgraphs/catalog/src/domain/vega-movies';
import { parseXmltv } from '../subgraphs/live/src/domain/xmltv-parser';
import type { SourcedEvent } from '../subgraphs/search/src/events/event-source';
import { filmEvents, guideFiles } from '../tests/search-relevance/corpus';
import { channelEvent, programmeEvent, titleEvent } from '../tests/support/search';

const DAY = 24 * 3600_000;

/** mulberry32: a small seeded generator, so every run builds the same corpus. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let sequence = 0;
const id = (kind: string) => `${kind}-${(sequence += 1).toString(36).padStart(8, '0')}`;

export async function guideAtScale(channels: number, days: number, from: number): Promise<SourcedEvent[]> {
  const templates: { name: string; programmes: Awaited<ReturnType<typeof parseXmltv>>['programmes'] }[] = [];
  for (const file of guideFiles()) {
    const guide = await parseXmltv(readFileSync(file, 'utf8'));
    for (const channel of guide.channels) {
      const programmes = guide.programmes.filter((p) => p.channel === channel.xmltvId && p.titles.length);
      if (programmes.length) templates.push({ name: channel.names[0]?.text ?? channel.xmltvId, programmes });
    }
  }
  const events: SourcedEvent[] = [];
  for (let c = 0; c < channels; c++) {
    const template = templates[c % templates.length];
    const channel = { id: id('channel'), name: `${template.name} ${Math.floor(c / templates.length) + 1}`, number: 1000 + c };
    events.push(channelEvent(channel, 1));
    const first = Math.min(...template.programmes.map((p) => p.start.getTime()));
    const last = Math.max(...template.programmes.map((p) => (p.end ?? p.start).getTime()));
    const period = Math.max(1, Math.ceil((last - first) / DAY)) * DAY;
    for (let shift = from - first; first + shift < from + days * DAY; shift += period) {
      for (const p of template.programmes) {
        const start = new Date(p.start.getTime() + shift);
        const end = new Date((p.end ?? new Date(p.start.getTime() + 1800_000)).getTime() + shift);
        const titles = Object.fromEntries(p.titles.map((t) => [t.language ?? 'und', t.text]));
        events.push(programmeEvent({ id: id('programme'), channelId: channel.id, title: p.titles[0].text, titles, start, end, categories: p.categories.map((x) => x.text), description: p.descriptions[0]?.text }, 1));
      }
    }
  }
  return events;
}

/** Generated titles until `count` documents: series of 1–4 seasons of 6–12 episodes, and films. */
export function generatedTitles(count: number, seed = 12): SourcedEvent[] {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const films = moviesFromVega(JSON.parse(readFileSync(VEGA_MOVIES, 'utf8')) as VegaMovie[]);
  const words = [...new Set(films.flatMap((f) => (f.title ?? '').split(/[^\p{L}]+/u)).filter((w) => w.length > 2))];
  const directors = films.flatMap((f) => f.directors ?? []).filter((d) => d.includes(' '));
  const firstNames = [...new Set(directors.map((d) => d.split(' ')[0]))];
  const lastNames = [...new Set(directors.map((d) => d.split(' ').slice(-1)[0]))];
  const genres = [...new Set(films.flatMap((f) => f.genres ?? []))];
  const name = (min: number, max: number) => Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(words)).join(' ');
  const person = () => `${pick(firstNames)} ${pick(lastNames)}`;
  // Popularity is long-tailed: a few titles are watched far more than the rest.
  const popularity = () => Math.round(1000 * Math.pow(next(), 4) * 100) / 100;
  const events: SourcedEvent[] = [];
  while (events.length < count) {
    const year = 1950 + Math.floor(next() * 77);
    const base = { releaseYear: year, genres: [pick(genres)], maturityRating: pick([0, 7, 12, 16, 18]), popularity: popularity(), cast: [person(), person(), person()], directors: [person()] };
    if (next() < 0.3) {
      const series = { id: id('series'), kind: 'SERIES' as const, title: name(1, 3), synopsis: `${name(6, 12)}.`, ...base };
      events.push(titleEvent(series, 1));
      const seasons = 1 + Math.floor(next() * 4);
      for (let s = 1; s <= seasons && events.length < count; s++) {
        const episodes = 6 + Math.floor(next() * 7);
        for (let e = 1; e <= episodes && events.length < count; e++) {
          events.push(titleEvent({ id: id('episode'), kind: 'EPISODE', title: name(1, 4), synopsis: `${name(8, 16)}.`, seriesId: series.id, ...base, popularity: base.popularity / 10 }, 1));
        }
      }
    } else {
      events.push(titleEvent({ id: id('film'), title: name(1, 4), synopsis: `${name(8, 20)}.`, ...base }, 1));
    }
  }
  return events;
}

/** The whole corpus: real films, the expanded guide, then generated titles up to `size` documents. */
export async function searchCorpus(size: number, now: Date): Promise<SourcedEvent[]> {
  const real = [...filmEvents(), ...(await guideAtScale(200, 7, now.getTime() - 3 * DAY))];
  return [...real, ...generatedTitles(Math.max(0, size - real.length))];
}
