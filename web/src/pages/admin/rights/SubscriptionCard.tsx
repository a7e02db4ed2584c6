import { useState, type SubmitEvent } from 'react';
import { ApiError, gql } from '../../../api';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formText } from '../../../forms';
import { Field, fieldErrorsOf } from '../Admin';
import { AdminTable } from '../AdminTable';

export interface Charge {
  id: string;
  amount: { formatted: string };
  description: string;
  status: string;
  createdAt: string;
}
export interface Subscription {
  id: string;
  plan: { name: string };
  status: string;
  startedAt: string;
  currentPeriodEnd: string;
  cancelledAt: string | null;
  paymentCardLast4: string;
  charges: Charge[];
}
export const SUBSCRIPTION_FIELDS = `id plan { name } status startedAt currentPeriodEnd cancelledAt paymentCardLast4
  charges { id amount { formatted } description status createdAt }`;
const SUBSCRIPTION = `query SubscriptionLookup($id: ID!) { subscription(id: $id) { ${SUBSCRIPTION_FIELDS} } }`;

export const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : '—');

/** A subscription and every charge it made: the first, renewals, plan changes, recoveries. */
export function SubscriptionCard({ subscription: s }: { subscription: Subscription }) {
  return (
    <article className="report" aria-label={`Subscription to ${s.plan.name}`}>
      <h4>
        {s.plan.name} · {s.status.toLowerCase()}
      </h4>
      <p className="meta">
        Since {day(s.startedAt)}, paid until {day(s.currentPeriodEnd)}
        {s.cancelledAt ? `, cancelled ${day(s.cancelledAt)}` : ''} · card ending {s.paymentCardLast4} · id {s.id}
      </p>
      <AdminTable
        label={`Charges of ${s.plan.name}`}
        columns={['When', 'Amount', 'For', 'Outcome']}
        rows={s.charges}
        empty="No charge yet."
        row={(c) => (
          <tr key={c.id}>
            <td>{new Date(c.createdAt).toLocaleString()}</td>
            <td>{c.amount.formatted}</td>
            <td>{c.description}</td>
            <td>{c.status.toLowerCase()}</td>
          </tr>
        )}
      />
    </article>
  );
}

/** A subscription found by its id (support quotes it from a receipt or a log), with its charges. */
export function SubscriptionLookup() {
  const [found, setFound] = useState<Subscription | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const errors = fieldErrorsOf(error);
  const lookUp = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const id = formText(new FormData(event.currentTarget), 'subscription').trim();
    setError(null);
    setMissing(null);
    try {
      const { subscription } = await gql<{ subscription: Subscription | null }>(SUBSCRIPTION, { id });
      setFound(subscription);
      if (!subscription) setMissing(id);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <section aria-labelledby="subscription-lookup-heading">
      <h2 id="subscription-lookup-heading">Subscription lookup</h2>
      <form className="admin-form" aria-label="Find a subscription" noValidate onSubmit={(e) => void lookUp(e)}>
        <Field id="subscription-id" label="Subscription id" error={errors.id}>
          <input id="subscription-id" name="subscription" />
        </Field>
        <button type="submit">Find subscription</button>
        {error && !Object.keys(errors).length && <ErrorNotice error={error} title="The subscription could not be looked up" />}
        {missing && <p role="status">No subscription has the id {missing}.</p>}
      </form>
      {found && <SubscriptionCard subscription={found} />}
    </section>
  );
}
