import { GraphQLError } from 'graphql';
import { validateGrant, validateIdempotencyKey, validateOffer, validatePackage, validatePlan } from './product-rules';

const id = '3f1c2a9e-0000-4000-8000-000000000001';
const now = new Date('2026-11-26T12:00:00Z');

/** The fields a BAD_USER_INPUT error names, or [] when the input passes. */
function rejected(check: () => void): string[] {
  try {
    check();
    return [];
  } catch (error) {
    const e = error as GraphQLError;
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    return (e.extensions.fieldErrors as { field: string }[]).map((f) => f.field);
  }
}

describe('product rules', () => {
  const plan = { name: 'Premium', price: { amount: 999, currency: 'EUR' }, maxConcurrentStreams: 4, packageIds: [id] };

  it('plans: integer non-negative minor units of a real currency, a 1–10 stream cap', () => {
    expect(rejected(() => validatePlan(plan))).toEqual([]);
    expect(rejected(() => validatePlan({ ...plan, price: { amount: -1, currency: 'EUR' } }))).toEqual(['price.amount']);
    expect(rejected(() => validatePlan({ ...plan, price: { amount: 9.5, currency: 'EUR' } }))).toEqual(['price.amount']);
    expect(rejected(() => validatePlan({ ...plan, price: { amount: 100, currency: 'XYZ' } }))).toEqual(['price.currency']);
    expect(rejected(() => validatePlan({ ...plan, maxConcurrentStreams: 0, name: ' ' }))).toEqual(['name', 'maxConcurrentStreams']);
    expect(rejected(() => validatePlan({ ...plan, packageIds: ['nope'] }))).toEqual(['packageIds']);
  });

  it('offers: rentals carry windows, purchases do not', () => {
    const offer = { contentId: id, kind: 'RENT' as const, price: { amount: 399, currency: 'USD' } };
    expect(rejected(() => validateOffer({ ...offer, rentalStartWindowHours: 720, rentalPlayWindowHours: 48 }))).toEqual([]);
    expect(rejected(() => validateOffer({ ...offer, rentalPlayWindowHours: 0 }))).toEqual(['rentalPlayWindowHours']);
    expect(rejected(() => validateOffer({ ...offer, kind: 'BUY', rentalStartWindowHours: 720 }))).toEqual(['rentalStartWindowHours']);
    expect(rejected(() => validateOffer({ ...offer, contentId: 'movie-1' }))).toEqual(['contentId']);
  });

  it('packages: ids and genre slugs', () => {
    expect(rejected(() => validatePackage({ name: 'Kids', titleIds: [id], genreSlugs: ['animation', 'sci-fi'] }))).toEqual([]);
    expect(rejected(() => validatePackage({ name: 'Kids', channelIds: ['x'], genreSlugs: ['Sci Fi'] }))).toEqual(['channelIds', 'genreSlugs']);
  });

  it('grants: exactly one target, a reason, an expiry in the future', () => {
    const grant = { userId: id, contentId: id, reason: 'Support goodwill' };
    expect(rejected(() => validateGrant(grant, now))).toEqual([]);
    expect(rejected(() => validateGrant({ ...grant, packageId: id }, now))).toContain('contentId');
    // Empty ids are wrong ids, not absent ones (an empty packageId beside a contentId reached the database).
    expect(rejected(() => validateGrant({ ...grant, packageId: '' }, now))).toEqual(['contentId', 'packageId']);
    expect(rejected(() => validateGrant({ userId: id, contentId: '', reason: 'Support goodwill' }, now))).toEqual(['contentId']);
    expect(rejected(() => validateGrant({ userId: id, contentId: null, packageId: id, reason: 'Support goodwill' }, now))).toEqual([]);
    expect(rejected(() => validateGrant({ ...grant, expiresAt: new Date(now.getTime() - 1) }, now))).toEqual(['expiresAt']);
  });

  it('idempotency keys: 8–128 printable characters', () => {
    expect(rejected(() => validateIdempotencyKey('order-000123'))).toEqual([]);
    expect(rejected(() => validateIdempotencyKey('short'))).toEqual(['idempotencyKey']);
    expect(rejected(() => validateIdempotencyKey('has spaces in it'))).toEqual(['idempotencyKey']);
  });
});
