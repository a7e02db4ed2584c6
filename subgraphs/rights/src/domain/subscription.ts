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
