import { periodStart, planChange, samePricing } from './subscription';

const at = (iso: string) => new Date(iso);
const standard = { priceAmount: 1000, currency: 'EUR', billingPeriod: 'MONTH' as const };
const premium = { priceAmount: 1600, currency: 'EUR', billingPeriod: 'MONTH' as const };

describe('changing plans', () => {
  it('a dearer plan applies now, for the price difference over what is left of the period', () => {
    // A 30-day period (Nov 10 → Dec 10) with 15 days left: half of the 6.00 difference.
    expect(planChange(standard, premium, at('2026-12-10T00:00:00Z'), at('2026-11-25T00:00:00Z'))).toEqual({ when: 'NOW', charge: 300 });
    // With a day left, a thirtieth; at the very start, the whole difference.
    expect(planChange(standard, premium, at('2026-12-10T00:00:00Z'), at('2026-12-09T00:00:00Z'))).toEqual({ when: 'NOW', charge: 20 });
    expect(planChange(standard, premium, at('2026-12-10T00:00:00Z'), at('2026-11-10T00:00:00Z'))).toEqual({ when: 'NOW', charge: 600 });
  });

  it('a plan that costs no more applies at the next renewal (this period is paid)', () => {
    expect(planChange(premium, standard, at('2026-12-10T00:00:00Z'), at('2026-11-25T00:00:00Z'))).toEqual({ when: 'AT_RENEWAL' });
    expect(planChange(standard, { ...standard }, at('2026-12-10T00:00:00Z'), at('2026-11-25T00:00:00Z'))).toEqual({ when: 'AT_RENEWAL' });
  });

  it('only plans of one billing period and currency are interchangeable', () => {
    expect(samePricing(standard, premium)).toBe(true);
    expect(samePricing(standard, { ...premium, currency: 'USD' })).toBe(false);
    expect(samePricing(standard, { ...premium, billingPeriod: 'YEAR' })).toBe(false);
  });

  it('a period starts one month or year before it ends, clamped like its end', () => {
    expect(periodStart(at('2026-12-10T09:00:00Z'), 'MONTH')).toEqual(at('2026-11-10T09:00:00Z'));
    expect(periodStart(at('2026-03-31T09:00:00Z'), 'MONTH')).toEqual(at('2026-02-28T09:00:00Z'));
    expect(periodStart(at('2027-11-26T09:00:00Z'), 'YEAR')).toEqual(at('2026-11-26T09:00:00Z'));
  });
});
