/**
 * Generated catalog content for scale tests and benchmarks: films and series (with seasons of named
 * episodes) whose names, genres and credits are drawn from a real film list, with long-tailed popularity.
 * Deterministic: the same films, count and seed give the same titles and slugs, so a seed that stopped half
 * way can run again and add only what is missing.
 */
import type { TitleInput } from '../catalog-manager';
import { slugify } from './titles';

export interface GeneratedSeries {
  series: TitleInput;
  seasons: { number: number; episodes: TitleInput[] }[];
}

export interface GeneratedCatalog {
  films: TitleInput[];
  series: GeneratedSeries[];
}

/** mulberry32: a small seeded generator. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` titles (films, series and episodes together) built from the words and people of `real`. */
export function generateCatalog(real: TitleInput[], count: number, seed = 12): GeneratedCatalog {
  const next = seeded(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const words = [...new Set(real.flatMap((f) => (f.title ?? '').split(/[^\p{L}]+/u)).filter((w) => w.length > 2))];
  const directors = real.flatMap((f) => f.directors ?? []).filter((d) => d.includes(' '));
  const firstNames = [...new Set(directors.map((d) => d.split(' ')[0]))];
  const lastNames = [...new Set(directors.map((d) => d.split(' ').slice(-1)[0]))];
  const genres = [...new Set(real.flatMap((f) => f.genres ?? []))];
  const name = (min: number, max: number) => Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => pick(words)).join(' ');
  const person = () => `${pick(firstNames)} ${pick(lastNames)}`;
  let made = 0;
  const title = (kind: string, extra: Partial<TitleInput>): TitleInput => {
    made += 1;
    const text = name(1, 4);
    return {
      title: text,
      slug: `generated-${kind}-${made}-${slugify(text)}`.slice(0, 120),
      synopsis: `${name(8, 20)}.`,
      releaseYear: 1950 + Math.floor(next() * 77),
      genres: [pick(genres)],
      maturityRating: pick([0, 7, 12, 16, 18]),
      // Long-tailed: a few titles are watched far more than the rest.
      popularity: Math.round(1000 * Math.pow(next(), 4) * 100) / 100,
      cast: [person(), person(), person()],
      directors: [person()],
      ...extra,
    };
  };
  const catalog: GeneratedCatalog = { films: [], series: [] };
  while (made < count) {
    if (next() < 0.3) {
      const series = title('series', {});
      const seasons = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, s) => ({ number: s + 1, episodes: [] as TitleInput[] }));
      for (const season of seasons) {
        const episodes = 6 + Math.floor(next() * 7);
        for (let e = 0; e < episodes && made < count; e++)
          season.episodes.push(title('episode', { popularity: (series.popularity ?? 0) / 10, genres: series.genres, maturityRating: series.maturityRating }));
      }
      catalog.series.push({ series, seasons: seasons.filter((s) => s.episodes.length) });
    } else {
      catalog.films.push(title('film', {}));
    }
  }
  return catalog;
}
