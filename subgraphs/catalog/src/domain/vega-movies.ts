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

const MAC_ROMAN_HIGH = new TextDecoder('macintosh').decode(Uint8Array.from({ length: 128 }, (_, i) => 128 + i));
const WINDOWS_1252 = new TextDecoder('windows-1252');

/**
 * movies.json's accented names were written in Windows-1252 and read back as Mac Roman ("LÈon", "DÈj‡ Vu"):
 * re-encoding as Mac Roman and decoding as Windows-1252 gives "Léon", "Déjà Vu". Text with a character Mac
 * Roman lacks ("Alien³") was never mangled and is kept as it is.
 */
export function repairMojibake(text: string): string {
  if (!/[^\p{ASCII}]/u.test(text)) return text;
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const high = code < 128 ? -1 : MAC_ROMAN_HIGH.indexOf(ch);
    if (code >= 128 && high < 0) return text;
    bytes.push(code < 128 ? code : 128 + high);
  }
  return WINDOWS_1252.decode(Uint8Array.from(bytes));
}

/** MPAA ratings as minimum ages; unrated films count as suitable for all (the data has no better signal). */
const MPAA_TO_AGE: Record<string, number> = { G: 0, PG: 7, 'PG-13': 12, R: 16, 'NC-17': 18 };

/** Maps the dataset to catalog input; slugs are title + year, with a counter for true duplicates. */
export function moviesFromVega(rows: VegaMovie[]): TitleInput[] {
  const seen = new Map<string, number>();
  const movies: TitleInput[] = [];
  for (const row of rows) {
    if (row.Title === null || String(row.Title).trim() === '') continue;
    const title = repairMojibake(String(row.Title).trim());
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
      directors: row.Director ? [repairMojibake(row.Director)] : [],
      popularity: Math.round((row['IMDB Votes'] ?? 0) * (row['IMDB Rating'] ?? 0)) / 1000,
      durationSeconds: row['Running Time min'] ? row['Running Time min'] * 60 : null,
    });
  }
  return movies;
}
