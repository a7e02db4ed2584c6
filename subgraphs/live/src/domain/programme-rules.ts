/**
 * What a valid programme edit is: it ends after it starts, lasts at most a day, has a title in at least one
 * language, and a maturity rating that is one of the platform's levels.
 */
import type { FieldError } from '@tvstream/service-kit';
import { isHttpUrl } from './channel-rules';
import type { LocalizedText } from './localized';
import { MATURITY_LEVELS } from './maturity';

export const MAX_PROGRAMME_HOURS = 24;

export interface ProgrammeFields {
  start?: Date;
  end?: Date;
  titles?: LocalizedText[];
  maturityRating?: number | null;
  imageUrl?: string | null;
}

export function programmeFieldErrors(input: ProgrammeFields): FieldError[] {
  const errors: FieldError[] = [];
  if (input.start && input.end) {
    const ms = input.end.getTime() - input.start.getTime();
    if (ms <= 0) errors.push({ field: 'end', message: 'The end must be after the start' });
    else if (ms > MAX_PROGRAMME_HOURS * 3600_000) errors.push({ field: 'end', message: `A programme lasts at most ${MAX_PROGRAMME_HOURS} hours` });
  }
  if (input.titles !== undefined) {
    if (!input.titles.some((t) => t.text.trim())) errors.push({ field: 'titles', message: 'Give a title in at least one language' });
    const languages = input.titles.map((t) => t.language?.toLowerCase() ?? null);
    if (new Set(languages).size !== languages.length) errors.push({ field: 'titles', message: 'One title per language' });
  }
  if (input.maturityRating !== undefined && input.maturityRating !== null && !(MATURITY_LEVELS as readonly number[]).includes(input.maturityRating)) {
    errors.push({ field: 'maturityRating', message: `Use one of ${MATURITY_LEVELS.join(', ')}` });
  }
  if (input.imageUrl && !isHttpUrl(input.imageUrl)) errors.push({ field: 'imageUrl', message: 'Use an http(s) URL' });
  return errors;
}

/** Programmes overlap when each starts before the other ends. */
export const overlaps = (a: { start: Date; end: Date }, b: { start: Date; end: Date }) =>
  a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
