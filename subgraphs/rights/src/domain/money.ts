import type { FieldError } from '@tvstream/service-kit';

/** ISO 4217 codes the runtime knows (ICU's list), so no hand-kept table goes stale. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export interface Money {
  amount: number;
  currency: string;
}

/** Prices are integer minor units of a known currency; anything else is refused field by field. */
export function moneyErrors(money: Money, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isSafeInteger(money.amount) || money.amount < 0) {
    errors.push({ field: `${field}.amount`, message: 'must be a whole number of minor units, zero or more' });
  }
  if (!CURRENCIES.has(money.currency)) {
    errors.push({ field: `${field}.currency`, message: `must be an ISO 4217 currency code such as EUR, not "${money.currency}"` });
  }
  return errors;
}

/** Digits after the decimal point for a currency: 2 for EUR, 0 for JPY, 3 for KWD. */
function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(money: Money, locale = 'en'): string {
  const value = money.amount / 10 ** minorDigits(money.currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(value);
}
