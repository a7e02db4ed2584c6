/**
 * What a valid channel is. Numbers are what viewers tune to (1–9999), genre slugs are lower-case kebab
 * words shared with the catalog, URLs are http(s), catch-up runs 0–30 days.
 */
import type { FieldError } from '@tvstream/service-kit';

export interface ChannelFields {
  number?: number | null;
  name?: string | null;
  logoUrl?: string | null;
  streamUrl?: string | null;
  genreSlugs?: string[] | null;
  catchupDays?: number | null;
  xmltvId?: string | null;
}

export const MAX_CHANNEL_NUMBER = 9999;
export const MAX_CATCHUP_DAYS = 30;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Field errors for the fields present; `creating` also requires number and name. */
export function channelFieldErrors(input: ChannelFields, creating: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (creating || input.number !== undefined) {
    if (input.number === null || input.number === undefined) errors.push({ field: 'number', message: 'A channel number is required' });
    else if (!Number.isInteger(input.number) || input.number < 1 || input.number > MAX_CHANNEL_NUMBER) {
      errors.push({ field: 'number', message: `Use a whole number from 1 to ${MAX_CHANNEL_NUMBER}` });
    }
  }
  if (creating || input.name !== undefined) {
    const name = input.name?.trim() ?? '';
    if (!name) errors.push({ field: 'name', message: 'A name is required' });
    else if (name.length > 100) errors.push({ field: 'name', message: 'At most 100 characters' });
  }
  for (const field of ['logoUrl', 'streamUrl'] as const) {
    const value = input[field];
    if (value && !isHttpUrl(value)) errors.push({ field, message: 'Use an http(s) URL' });
  }
  if (input.genreSlugs) {
    const bad = input.genreSlugs.filter((s) => !SLUG.test(s));
    if (bad.length) errors.push({ field: 'genreSlugs', message: `Not slugs: ${bad.join(', ')} (use lower-case words joined by "-")` });
  }
  if (input.catchupDays !== undefined && input.catchupDays !== null) {
    if (!Number.isInteger(input.catchupDays) || input.catchupDays < 0 || input.catchupDays > MAX_CATCHUP_DAYS) {
      errors.push({ field: 'catchupDays', message: `Use 0 to ${MAX_CATCHUP_DAYS} days` });
    }
  }
  if (input.xmltvId !== undefined && input.xmltvId !== null && (!input.xmltvId.trim() || input.xmltvId.length > 200)) {
    errors.push({ field: 'xmltvId', message: 'Use 1 to 200 characters, or null' });
  }
  return errors;
}

/** The next free channel numbers after the highest one in use. */
export function nextChannelNumbers(highest: number | null, count: number): number[] {
  const start = (highest ?? 0) + 1;
  return Array.from({ length: count }, (_, i) => start + i);
}
