import { dirname, join } from 'node:path';
import type { TitleInput } from '../catalog-manager';
import { slugify } from './titles';

/** The package exports only its JS build; the data files sit beside it. */
export const VEGA_MOVIES = join(dirname(require.resolve('vega-datasets')), '..', 'data', 'movies.json');

/** One row of vega-datasets' movies.json. */
export interface VegaMovie {
  Title: string | number | null;
  'Release Date': string | null;
  'MPAA Rating': string | null;
  'Major Genre': string | null;
  Director: string | null;
  'IMDB Rating': number | null;
  'IMDB Votes': number | null;
  'Running Time min': number | null;
}

// The dataset's text was Windows-1252 bytes read as Mac Roman ("LÈon" for "Léon", "2Ω" for "2½"): each
// character Mac Roman gives a byte in 0x80–0xFF is turned back into that byte, then read as Windows-1252.
const MAC_ROMAN = new TextDecoder('macintosh');
const WINDOWS_1252 = new TextDecoder('windows-1252');
const MAC_ROMAN_BYTES = new Map(Array.from({ length: 128 }, (_, i) => [MAC_ROMAN.decode(Uint8Array.of(0x80 + i)), 0x80 + i] as const));

/** Repairs the dataset's mis-decoded text; characters Mac Roman does not have (as in "Alien³") stay. */
export function repairMisencoded(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return Array.from(text, (c) => {
    const byte = MAC_ROMAN_BYTES.get(c);
    return byte === undefined ? c : WINDOWS_1252.decode(Uint8Array.of(byte));
  }).join('');
}

/** MPAA ratings as minimum ages; unrated films count as suitable for all (the data has no better signal). */
const MPAA_TO_AGE: Record<string, number> = { G: 0, PG: 7, 'PG-13': 12, R: 16, 'NC-17': 18 };

/** Maps the dataset to catalog input; slugs are title + year, with a counter for true duplicates. */
export function moviesFromVega(rows: VegaMovie[]): TitleInput[] {
  const seen = new Map<string, number>();
  const movies: TitleInput[] = [];
  for (const row of rows) {
    if (row.Title === null || String(row.Title).trim() === '') continue;
    const title = repairMisencoded(String(row.Title).trim());
    const year = row['Release Date'] ? new Date(row['Release Date']).getUTCFullYear() : null;
    const releaseYear = year && year >= 1870 && year <= 2100 ? year : null;
    const base = slugify(`${title} ${releaseYear ?? ''}`) || 'untitled';
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    movies.push({
      title,
      slug: n === 1 ? base : `${base}-${n}`,
      releaseYear,
      maturityRating: MPAA_TO_AGE[row['MPAA Rating'] ?? ''] ?? 0,
      genres: row['Major Genre'] ? [slugify(row['Major Genre'])] : [],
      directors: row.Director ? [repairMisencoded(row.Director)] : [],
      popularity: Math.round((row['IMDB Votes'] ?? 0) * (row['IMDB Rating'] ?? 0)) / 1000,
      durationSeconds: row['Running Time min'] ? row['Running Time min'] * 60 : null,
    });
  }
  return movies;
}
