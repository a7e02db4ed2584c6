import { nextPeriodEnd, periodEnd } from './subscription';

const at = (iso: string) => new Date(iso);

describe('billing periods', () => {
  it('a subscription billed on the 31st stays at month end: Jan 31 → Feb 28 → Mar 31 → Apr 30', () => {
    const anchor = at('2027-01-31T09:30:00Z');
    const feb = nextPeriodEnd(anchor, anchor, 'MONTH');
    const mar = nextPeriodEnd(anchor, feb, 'MONTH');
    const apr = nextPeriodEnd(anchor, mar, 'MONTH');
    expect([feb, mar, apr].map((d) => d.toISOString())).toEqual(['2027-02-28T09:30:00.000Z', '2027-03-31T09:30:00.000Z', '2027-04-30T09:30:00.000Z']);
    // Counting from each period's end instead would drift to the 28th for good.
    expect(periodEnd(feb, 'MONTH').toISOString()).toBe('2027-03-28T09:30:00.000Z');
  });

  it('a leap day anchors yearly billing to Feb 28, then back to Feb 29 in the next leap year', () => {
    const anchor = at('2028-02-29T00:00:00Z');
    const ends = [nextPeriodEnd(anchor, anchor, 'YEAR')];
    for (let i = 0; i < 3; i++) ends.push(nextPeriodEnd(anchor, ends[ends.length - 1], 'YEAR'));
    expect(ends.map((d) => d.toISOString().slice(0, 10))).toEqual(['2029-02-28', '2030-02-28', '2031-02-28', '2032-02-29']);
  });

  it('a renewal run late still charges the period that follows the one that ended', () => {
    const anchor = at('2027-01-15T00:00:00Z');
    expect(nextPeriodEnd(anchor, at('2027-02-15T00:00:00Z'), 'MONTH').toISOString()).toBe('2027-03-15T00:00:00.000Z');
  });
});
