/** Validation of what rights managers write: every problem is reported at once, field by field. */
import { badInput, isUuid, type FieldError } from '@tvstream/service-kit';
import { moneyErrors, type Money } from './money';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function fail(errors: FieldError[]): void {
  if (errors.length) throw badInput(errors.map((e) => `${e.field} ${e.message}`).join('; '), errors);
}

function nameErrors(name: string, field = 'name'): FieldError[] {
  const trimmed = name.trim();
  return trimmed.length < 1 || trimmed.length > 120 ? [{ field, message: 'must be 1–120 characters' }] : [];
}

function idListErrors(ids: string[] | null | undefined, field: string): FieldError[] {
  return (ids ?? []).some((id) => !isUuid(id)) ? [{ field, message: 'must hold ids (UUIDs)' }] : [];
}

function intRange(value: number | null | undefined, field: string, min: number, max: number): FieldError[] {
  if (value === null || value === undefined) return [];
  return Number.isInteger(value) && value >= min && value <= max ? [] : [{ field, message: `must be a whole number from ${min} to ${max}` }];
}

export interface PackageFields {
  name: string;
  description?: string | null;
  free?: boolean | null;
  titleIds?: string[] | null;
  channelIds?: string[] | null;
  genreSlugs?: string[] | null;
}

export function validatePackage(input: PackageFields): void {
  fail([
    ...nameErrors(input.name),
    ...idListErrors(input.titleIds, 'titleIds'),
    ...idListErrors(input.channelIds, 'channelIds'),
    ...((input.genreSlugs ?? []).some((g) => !SLUG.test(g)) ? [{ field: 'genreSlugs', message: 'must hold genre slugs such as "sci-fi"' }] : []),
  ]);
}

export interface PlanFields {
  name: string;
  price: Money;
  maxConcurrentStreams: number;
  packageIds: string[];
}

export function validatePlan(input: PlanFields): void {
  fail([
    ...nameErrors(input.name),
    ...moneyErrors(input.price, 'price'),
    ...intRange(input.maxConcurrentStreams, 'maxConcurrentStreams', 1, 10),
    ...idListErrors(input.packageIds, 'packageIds'),
  ]);
}

export interface OfferFields {
  contentId: string;
  kind: 'RENT' | 'BUY';
  price: Money;
  rentalStartWindowHours?: number | null;
  rentalPlayWindowHours?: number | null;
}

export const DEFAULT_RENTAL_START_HOURS = 30 * 24;
export const DEFAULT_RENTAL_PLAY_HOURS = 48;

export function validateOffer(input: OfferFields): void {
  const buyWithWindows =
    input.kind === 'BUY'
      ? (['rentalStartWindowHours', 'rentalPlayWindowHours'] as const)
          .filter((field) => input[field] != null)
          .map((field) => ({ field, message: 'applies to RENT offers only' }))
      : [];
  fail([
    ...(isUuid(input.contentId) ? [] : [{ field: 'contentId', message: 'must be a title id (UUID)' }]),
    ...moneyErrors(input.price, 'price'),
    ...intRange(input.rentalStartWindowHours, 'rentalStartWindowHours', 1, 365 * 24),
    ...intRange(input.rentalPlayWindowHours, 'rentalPlayWindowHours', 1, 30 * 24),
    ...buyWithWindows,
  ]);
}

export interface GrantFields {
  userId: string;
  contentId?: string | null;
  packageId?: string | null;
  reason: string;
  expiresAt?: Date | null;
}

export function validateGrant(input: GrantFields, now: Date): void {
  // An empty id is an id that is wrong, not one left out: it would otherwise reach the database.
  const given = (['contentId', 'packageId'] as const).filter((field) => input[field] !== null && input[field] !== undefined);
  fail([
    ...(isUuid(input.userId) ? [] : [{ field: 'userId', message: 'must be a user id (UUID)' }]),
    ...(given.length === 1 ? [] : [{ field: 'contentId', message: 'or packageId: name exactly one of them' }]),
    ...given.flatMap((field) => idListErrors([input[field]!], field)),
    ...nameErrors(input.reason, 'reason'),
    ...(input.expiresAt && input.expiresAt.getTime() <= now.getTime() ? [{ field: 'expiresAt', message: 'must be in the future' }] : []),
  ]);
}

/** Idempotency keys are client-made (UUIDs, order numbers): printable, bounded. */
export function validateIdempotencyKey(key: string): void {
  fail(/^[\x21-\x7e]{8,128}$/.test(key) ? [] : [{ field: 'idempotencyKey', message: 'must be 8–128 printable characters (e.g. a UUID)' }]);
}
