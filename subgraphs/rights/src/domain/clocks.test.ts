import { programmeWindow } from './content';
import { rentalExpiresAt, rentalTerms } from './rental';
import { periodEnd, subscriptionStatus } from './subscription';

const at = (iso: string) => new Date(iso);

describe('rental clocks', () => {
  it('the start window runs until the first play, then the play window from that moment', () => {
    const terms = rentalTerms(at('2026-11-01T10:00:00Z'), 720, 48);
    expect(rentalExpiresAt({ ...terms, firstPlayedAt: null })).toEqual(at('2026-12-01T10:00:00Z'));
    expect(rentalExpiresAt({ ...terms, firstPlayedAt: at('2026-11-03T20:00:00Z') })).toEqual(at('2026-11-05T20:00:00Z'));
  });
});

describe('subscription periods', () => {
  it('a month later on the same day, clamped to the month’s last day; a year later for yearly plans', () => {
    expect(periodEnd(at('2026-01-31T09:00:00Z'), 'MONTH')).toEqual(at('2026-02-28T09:00:00Z'));
    expect(periodEnd(at('2026-11-26T09:00:00Z'), 'MONTH')).toEqual(at('2026-12-26T09:00:00Z'));
    expect(periodEnd(at('2028-02-29T09:00:00Z'), 'YEAR')).toEqual(at('2029-02-28T09:00:00Z'));
  });

  it('a cancelled subscription reads CANCELLED until its period ends, then EXPIRED', () => {
    const sub = { status: 'CANCELLED' as const, currentPeriodEnd: at('2026-12-01T00:00:00Z') };
    expect(subscriptionStatus(sub, at('2026-11-30T23:59:59Z'))).toBe('CANCELLED');
    expect(subscriptionStatus(sub, at('2026-12-01T00:00:00Z'))).toBe('EXPIRED');
    expect(subscriptionStatus({ ...sub, status: 'ACTIVE' }, at('2027-01-01T00:00:00Z'))).toBe('ACTIVE');
    expect(subscriptionStatus({ ...sub, status: 'PAST_DUE' }, at('2026-11-30T00:00:00Z'))).toBe('PAST_DUE');
  });
});

describe('programme windows', () => {
  const programme = { start: at('2026-11-26T20:00:00Z'), end: at('2026-11-26T21:00:00Z'), catchupDays: 7 };
  it('upcoming, live, catch-up for the channel’s days after the start, then gone', () => {
    expect(programmeWindow(programme, at('2026-11-26T19:59:59Z'))).toBe('UPCOMING');
    expect(programmeWindow(programme, at('2026-11-26T20:30:00Z'))).toBe('LIVE');
    expect(programmeWindow(programme, at('2026-12-03T20:00:00Z'))).toBe('CATCH_UP');
    expect(programmeWindow(programme, at('2026-12-03T20:00:01Z'))).toBe('GONE');
    expect(programmeWindow({ ...programme, catchupDays: 0 }, at('2026-11-26T21:00:00Z'))).toBe('GONE');
  });
});
