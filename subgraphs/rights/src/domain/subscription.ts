export type BillingPeriod = 'MONTH' | 'YEAR';

/** The end of a period that starts at `start`: same day next month (clamped to its last day) or next year. */
export function periodEnd(start: Date, period: BillingPeriod): Date {
  const months = period === 'MONTH' ? 1 : 12;
  const end = new Date(start.getTime());
  const day = end.getUTCDate();
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(day, lastDay));
  return end;
}

/** What a viewer sees: a cancelled subscription expires when its paid period runs out. */
export function subscriptionStatus(sub: { status: 'ACTIVE' | 'CANCELLED' | 'PAST_DUE'; currentPeriodEnd: Date }, now: Date) {
  if (sub.status !== 'CANCELLED') return sub.status;
  return sub.currentPeriodEnd.getTime() > now.getTime() ? ('CANCELLED' as const) : ('EXPIRED' as const);
}

/** The start of the period that ends at `end` (the inverse of `periodEnd`, to the day). */
export function periodStart(end: Date, period: BillingPeriod): Date {
  const months = period === 'MONTH' ? 1 : 12;
  const start = new Date(end.getTime());
  const day = start.getUTCDate();
  start.setUTCDate(1);
  start.setUTCMonth(start.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
  start.setUTCDate(Math.min(day, lastDay));
  return start;
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
