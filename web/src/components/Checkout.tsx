import { useState, type SubmitEvent } from 'react';
import { ApiError, gql, newIdempotencyKey, useSession } from '../api';
import { navigate, signInPath } from '../router';
import { ErrorNotice } from './ErrorNotice';
import { formText } from '../forms';

const SUBSCRIBE = `mutation Subscribe($id: ID!, $key: String!, $card: String) {
  subscribe(planId: $id, idempotencyKey: $key, paymentCard: $card) { id status currentPeriodEnd }
}`;
const PURCHASE = `mutation Purchase($id: ID!, $key: String!, $card: String) {
  purchase(offerId: $id, idempotencyKey: $key, paymentCard: $card) { id kind expiresAt }
}`;

/**
 * Pays for a plan or an offer. One idempotency key per checkout: a retry after a lost answer (network
 * error) reuses it, so the viewer is never charged twice; a definite refusal (declined card, bad input)
 * gets a fresh key, since the next attempt is a new payment.
 */
export function Checkout({ kind, id, label, onDone }: { kind: 'plan' | 'offer'; id: string; label: string; onDone: () => void }) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" onClick={() => (session ? setOpen(true) : navigate(signInPath()))}>
        {label}
      </button>
    );
  }

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const card = formText(new FormData(event.currentTarget), 'card').replace(/\s+/g, '');
    setBusy(true);
    setError(null);
    try {
      await gql(kind === 'plan' ? SUBSCRIBE : PURCHASE, { id, key, card });
      setOpen(false);
      setKey(newIdempotencyKey());
      onDone();
    } catch (e) {
      const failure = e as ApiError;
      if (failure.code !== 'NETWORK_ERROR' && failure.code !== 'BAD_GATEWAY') setKey(newIdempotencyKey());
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="checkout" onSubmit={(e) => void submit(e)} aria-label={label}>
      <label>
        Card number
        <input name="card" inputMode="numeric" autoComplete="cc-number" placeholder="4242 4242 4242 4242" required pattern="[\d\s\-]{12,23}" />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Pay
        </button>
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error && <ErrorNotice error={error} title="Payment not completed" />}
    </form>
  );
}
