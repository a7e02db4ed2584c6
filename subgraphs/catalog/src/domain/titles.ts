import { badInput, conflict, type FieldError } from '@tvstream/service-kit';

export type TitleStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
export const MATURITY_RATINGS = [0, 7, 12, 16, 18] as const;

/** The editorial workflow: DRAFT → PUBLISHED → ARCHIVED, with unpublish back to DRAFT. */
const TRANSITIONS: Record<string, { from: TitleStatus[]; to: TitleStatus }> = {
  publish: { from: ['DRAFT'], to: 'PUBLISHED' },
  unpublish: { from: ['PUBLISHED'], to: 'DRAFT' },
  archive: { from: ['DRAFT', 'PUBLISHED'], to: 'ARCHIVED' },
};

export type StatusChange = keyof typeof TRANSITIONS;

export function nextStatus(current: TitleStatus, change: StatusChange): TitleStatus {
  const rule = TRANSITIONS[change];
  if (!rule.from.includes(current)) throw conflict(`Cannot ${change} a title that is ${current}`);
  return rule.to;
}

export interface Window {
  availableFrom: Date | null;
  availableTo: Date | null;
}

/** Viewers see a title only when published, inside its window and within their maturity limit. */
export function visibleToViewer(title: Window & { status: TitleStatus; maturityRating: number }, now: Date, maxMaturity: number): boolean {
  return (
    title.status === 'PUBLISHED' &&
    (!title.availableFrom || title.availableFrom <= now) &&
    (!title.availableTo || title.availableTo > now) &&
    title.maturityRating <= maxMaturity
  );
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** An episode's slug names its place in the series, so it follows the episode when it is renumbered. */
export const episodeSlug = (seriesSlug: string, seasonNumber: number, episodeNumber: number) => slugify(`${seriesSlug} s${seasonNumber}e${episodeNumber}`);

export interface TitleFields {
  title?: string | null;
  slug?: string | null;
  maturityRating?: number | null;
  releaseYear?: number | null;
  popularity?: number | null;
  availableFrom?: Date | null;
  availableTo?: Date | null;
  genres?: string[] | null;
  durationSeconds?: number | null;
  cast?: string[] | null;
  directors?: string[] | null;
  writers?: string[] | null;
  producers?: string[] | null;
  creators?: string[] | null;
}

/** Each credit role and the `TitleInput` field listing its people in billing order. */
export const CREDIT_FIELDS = [
  ['CAST', 'cast'],
  ['DIRECTOR', 'directors'],
  ['WRITER', 'writers'],
  ['PRODUCER', 'producers'],
  ['CREATOR', 'creators'],
] as const;
export type CreditField = (typeof CREDIT_FIELDS)[number][1];

/** A series' creators: a movie has none (its writers and directors say who made it). */
export function checkCreatorsFor(kind: string, creators: string[] | null | undefined): void {
  if (kind !== 'SERIES' && creators?.length) throw badInput('Only a series has creators', [{ field: 'creators', message: 'Only a series has creators' }]);
}

/** Checks every field at once, so a form can show all its problems together. */
export function validateTitleFields(input: TitleFields, creating: boolean): void {
  const errors: FieldError[] = [];
  if (creating && !input.title?.trim()) errors.push({ field: 'title', message: 'A title is required' });
  if (input.title != null && (input.title.trim().length < 1 || input.title.length > 200)) {
    errors.push({ field: 'title', message: 'Use 1 to 200 characters' });
  }
  if (input.slug != null && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.slug)) {
    errors.push({ field: 'slug', message: 'Use lowercase letters, digits and single dashes' });
  }
  if (input.maturityRating != null && !(MATURITY_RATINGS as readonly number[]).includes(input.maturityRating)) {
    errors.push({ field: 'maturityRating', message: `Use one of ${MATURITY_RATINGS.join(', ')}` });
  }
  if (input.releaseYear != null && (input.releaseYear < 1870 || input.releaseYear > 2100)) {
    errors.push({ field: 'releaseYear', message: 'Use a year between 1870 and 2100' });
  }
  if (input.popularity != null && (!Number.isFinite(input.popularity) || input.popularity < 0)) {
    errors.push({ field: 'popularity', message: 'Use zero or a positive number' });
  }
  if (input.availableFrom && input.availableTo && input.availableTo <= input.availableFrom) {
    errors.push({ field: 'availableTo', message: 'The window must end after it starts' });
  }
  for (const genre of input.genres ?? []) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(genre)) errors.push({ field: 'genres', message: `"${genre}" is not a genre slug` });
  }
  if (input.durationSeconds != null && input.durationSeconds <= 0) {
    errors.push({ field: 'durationSeconds', message: 'Use a positive number of seconds' });
  }
  for (const [, field] of CREDIT_FIELDS) {
    if (input[field]?.some((name) => name.trim().length < 1 || name.length > 200))
      errors.push({ field, message: 'Give each person a name of 1 to 200 characters' });
  }
  if (errors.length) throw badInput('The title has invalid fields', errors);
}

/** Display name of a genre slug: `science-fiction` → `Science Fiction`. */
export const genreName = (slug: string) =>
  slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** Standard artwork sizes registered for a poster URL. */
export function posterArtwork(url: string) {
  return [
    { kind: 'POSTER', url, width: 600, height: 900 },
    { kind: 'POSTER', url: `${url}?w=300`, width: 300, height: 450 },
    { kind: 'THUMBNAIL', url: `${url}?w=160`, width: 160, height: 240 },
  ];
}

export function validateSeasonNumber(number: number): void {
  if (!Number.isInteger(number) || number < 1 || number > 1000) {
    throw badInput('Season numbers start at 1', [{ field: 'number', message: 'Use a whole number from 1 to 1000' }]);
  }
}

export interface EpisodeFields {
  title?: string | null;
  episodeNumber?: number | null;
  durationSeconds?: number | null;
}

/** An episode's own fields, all checked at once; a new one needs a title and a number. */
export function validateEpisodeFields(input: EpisodeFields, creating: boolean): void {
  const errors: FieldError[] = [];
  if (creating && !input.title?.trim()) errors.push({ field: 'title', message: 'A title is required' });
  else if (input.title != null && (input.title.trim().length < 1 || input.title.length > 200))
    errors.push({ field: 'title', message: 'Use 1 to 200 characters' });
  if ((creating || input.episodeNumber != null) && (!Number.isInteger(input.episodeNumber) || input.episodeNumber! < 1 || input.episodeNumber! > 10_000)) {
    errors.push({ field: 'episodeNumber', message: 'Use a whole number from 1' });
  }
  if (input.durationSeconds != null && input.durationSeconds <= 0) {
    errors.push({ field: 'durationSeconds', message: 'Use a positive number of seconds' });
  }
  if (errors.length) throw badInput('The episode has invalid fields', errors);
}
