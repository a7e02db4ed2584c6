export type BillingPeriod = 'MONTH' | 'YEAR';

/** The same day `months` months later (or earlier), clamped to that month's last day; the time of day is kept. */
function shiftMonths(date: Date, months: number): Date {
  const shifted = new Date(date.getTime());
  const day = shifted.getUTCDate();
  shifted.setUTCDate(1);
  shifted.setUTCMonth(shifted.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).getUTCDate();
  shifted.setUTCDate(Math.min(day, lastDay));
  return shifted;
}

const monthsIn = (period: BillingPeriod) => (period === 'MONTH' ? 1 : 12);

/** The end of a period that starts at `start`: same day next month (clamped to its last day) or next year. */
export const periodEnd = (start: Date, period: BillingPeriod): Date => shiftMonths(start, monthsIn(period));

/**
 * The end of the billing period that follows `from`, counted from the subscription's anchor so the billing
 * day survives short months: anchored on Jan 31, periods end Feb 28, then Mar 31 (not Mar 28).
 */
export function nextPeriodEnd(anchor: Date, from: Date, period: BillingPeriod): Date {
  for (let periods = 1; ; periods++) {
    const end = shiftMonths(anchor, periods * monthsIn(period));
    if (end.getTime() > from.getTime()) return end;
  }
}

/** The start of the period that ends at `end` (the inverse of `periodEnd`, to the day). */
export const periodStart = (end: Date, period: BillingPeriod): Date => shiftMonths(end, -monthsIn(period));

/** What a viewer sees: a cancelled subscription expires when its paid period runs out. */
export function subscriptionStatus(sub: { status: 'ACTIVE' | 'CANCELLED' | 'PAST_DUE'; currentPeriodEnd: Date }, now: Date) {
  if (sub.status !== 'CANCELLED') return sub.status;
  return sub.currentPeriodEnd.getTime() > now.getTime() ? ('CANCELLED' as const) : ('EXPIRED' as const);
}

interface PricedPlan {
  priceAmount: number;
  currency: string;
  billingPeriod: BillingPeriod;
}

/**
 * Moving a subscription to another plan of the same billing period and currency. A dearer plan applies at
 * once, for the difference in price over what is left of the paid period (in minor units, rounded); one
 * that costs no more applies at the next renewal, since the current period is paid for already.
 */
export type PlanChange = { when: 'NOW'; charge: number } | { when: 'AT_RENEWAL' };

export function planChange(current: PricedPlan, next: PricedPlan, currentPeriodEnd: Date, now: Date): PlanChange {
  if (next.priceAmount <= current.priceAmount) return { when: 'AT_RENEWAL' };
  const start = periodStart(currentPeriodEnd, current.billingPeriod).getTime();
  const left = Math.min(1, Math.max(0, (currentPeriodEnd.getTime() - now.getTime()) / (currentPeriodEnd.getTime() - start)));
  return { when: 'NOW', charge: Math.round((next.priceAmount - current.priceAmount) * left) };
}

/** Plans a subscription can move between without a new billing arrangement. */
export const samePricing = (a: PricedPlan, b: PricedPlan) => a.currency === b.currency && a.billingPeriod === b.billingPeriod;

/**
 * The charges a subscription made, as the payment records name them: the one that opened it (kept on the
 * subscription), and those whose intent names it (renewals, plan changes, recovery of a past-due one).
 */
export const subscriptionChargeFilter = (sub: { id: string; chargeId: string }) => ({
  OR: [{ id: sub.chargeId }, { intent: { in: subscriptionIntents(sub) } }],
});

const subscriptionIntents = (sub: { id: string }) => ['renewal', 'changePlan', 'recover'].map((kind) => `${kind}:${sub.id}`);

/** The charges of many subscriptions as one filter (one statement, however many subscriptions). */
export const subscriptionsChargeFilter = (subs: readonly { id: string; chargeId: string }[]) => ({
  OR: [{ id: { in: subs.map((s) => s.chargeId) } }, { intent: { in: subs.flatMap(subscriptionIntents) } }],
});

/** Whether a charge is one of the subscription's (the same rule as `subscriptionChargeFilter`). */
export const isChargeOf = (sub: { id: string; chargeId: string }, charge: { id: string; intent: string }) =>
  charge.id === sub.chargeId || subscriptionIntents(sub).includes(charge.intent);
