import { formText } from '../../../forms';
import { Field } from '../Admin';

export interface Money {
  amount: number;
  currency: string;
  formatted: string;
}
export interface Package {
  id: string;
  name: string;
  description: string;
  free: boolean;
  titleIds: string[];
  channelIds: string[];
  genreSlugs: string[];
}
export interface Plan {
  id: string;
  name: string;
  description: string;
  price: Money;
  billingPeriod: 'MONTH' | 'YEAR';
  maxConcurrentStreams: number;
  active: boolean;
  packages: { id: string; name: string }[];
}
export interface Offer {
  id: string;
  contentId: string;
  kind: 'RENT' | 'BUY';
  price: Money;
  rentalStartWindowHours: number | null;
  rentalPlayWindowHours: number | null;
  active: boolean;
}

export const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Prices are typed in major units and sent in minor units. */
export const money = (form: FormData) => ({ amount: Math.round(Number(form.get('price')) * 100), currency: formText(form, 'currency') });

/** A price in minor units as typed in major units. */
export const majorUnits = (price?: Money) => (price ? (price.amount / 100).toFixed(2) : undefined);

/** Price and currency, labelled `<what> price` when the page has more than one price field. */
export function PriceFields({ id, what, errors, price }: { id: string; what?: string; errors: Record<string, string>; price?: Money }) {
  return (
    <>
      <Field id={`${id}-price`} label={what ? `${what} price` : 'Price'} error={errors.amount ?? errors.price}>
        <input id={`${id}-price`} name="price" inputMode="decimal" defaultValue={majorUnits(price)} />
      </Field>
      <Field id={`${id}-currency`} label={what ? `${what} currency` : 'Currency'} error={errors.currency}>
        <select id={`${id}-currency`} name="currency" defaultValue={price?.currency ?? 'EUR'}>
          {['EUR', 'USD', 'GBP'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </Field>
    </>
  );
}

/** Whether a product is on sale; offered when editing (new products always are). */
export function OnSaleField({ id, active, error }: { id: string; active: boolean; error?: string }) {
  return (
    <div className="field checkbox">
      <input id={`${id}-active`} name="active" type="checkbox" defaultChecked={active} />
      <label htmlFor={`${id}-active`}>On sale</label>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
