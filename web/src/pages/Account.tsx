import { useState, type FormEvent } from 'react';
import { ApiError, createProfile, gql, selectProfile, useQuery, useSession } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Link, signInPath } from '../router';

interface PlanSubscription {
  id: string;
  status: 'ACTIVE' | 'CANCELLED' | 'EXPIRED' | 'PAST_DUE';
  currentPeriodEnd: string;
  paymentCardLast4: string;
  plan: { name: string; price: { formatted: string }; billingPeriod: 'MONTH' | 'YEAR'; maxConcurrentStreams: number };
}

const SUBSCRIPTIONS = `query MySubscriptions {
  mySubscriptions { id status currentPeriodEnd paymentCardLast4 plan { name price { formatted } billingPeriod maxConcurrentStreams } }
}`;
const CANCEL = `mutation CancelSubscription($id: ID!) { cancelSubscription(subscriptionId: $id) { id status } }`;
const MATURITY_LIMITS = [0, 7, 12, 16, 18];

/** Who is watching: the account's profiles, each with an age limit that browse, search and playback respect. */
function Profiles() {
  const session = useSession()!;
  const [error, setError] = useState<ApiError | null>(null);
  const active = session.profile?.id ?? null;

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void run(async () => {
      await createProfile(String(data.get('name') ?? '').trim(), Number(data.get('maxMaturity')));
      form.reset();
    });
  };

  return (
    <section aria-labelledby="profiles-heading">
      <h2 id="profiles-heading">Profiles</h2>
      <ul className="list">
        {session.user.profiles.map((p) => (
          <li key={p.id} className="row">
            <span>
              <strong>{p.name}</strong> <span className="meta">up to {p.maxMaturity}+</span>
            </span>
            {p.id === active ? (
              <span className="badge">Watching now</span>
            ) : (
              <button type="button" onClick={() => void run(() => selectProfile(p.id))}>
                Watch as {p.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add} aria-label="Add a profile">
        <label>
          Profile name
          <input name="name" required maxLength={80} />
        </label>
        <label>
          Age limit
          <select name="maxMaturity" defaultValue="12">
            {MATURITY_LIMITS.map((m) => (
              <option key={m} value={m}>
                {m}+
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Add profile</button>
      </form>
      {error && <ErrorNotice error={error} />}
    </section>
  );
}

function Subscriptions() {
  const { data, error, loading, refetch } = useQuery<{ mySubscriptions: PlanSubscription[] }>(SUBSCRIPTIONS);
  const [cancelError, setCancelError] = useState<ApiError | null>(null);
  const cancel = async (id: string) => {
    setCancelError(null);
    try {
      await gql(CANCEL, { id });
      refetch();
    } catch (e) {
      setCancelError(e as ApiError);
    }
  };
  return (
    <section aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading">Subscriptions</h2>
      {error && <ErrorNotice error={error} />}
      {!data && loading && <Loading what="your subscriptions" />}
      {data?.mySubscriptions.length === 0 && <p className="meta">No subscription yet: plans are offered on each title's page.</p>}
      <ul className="list">
        {data?.mySubscriptions.map((s) => {
          const end = new Date(s.currentPeriodEnd).toLocaleDateString();
          return (
            <li key={s.id} className="row">
              <span>
                <strong>{s.plan.name}</strong>{' '}
                <span className="meta">
                  {s.plan.price.formatted} / {s.plan.billingPeriod === 'MONTH' ? 'month' : 'year'} · {s.plan.maxConcurrentStreams} stream
                  {s.plan.maxConcurrentStreams === 1 ? '' : 's'}
                </span>
                <br />
                <span className="meta" data-testid="subscription-status">
                  {s.status === 'ACTIVE' && `Active, renews ${end} on the card ending ${s.paymentCardLast4}`}
                  {s.status === 'PAST_DUE' && `Paused: the renewal on the card ending ${s.paymentCardLast4} was declined`}
                  {s.status === 'CANCELLED' && `Cancelled, watch until ${end}`}
                  {s.status === 'EXPIRED' && `Ended ${end}`}
                </span>
              </span>
              {s.status === 'ACTIVE' && (
                <button type="button" className="ghost" onClick={() => void cancel(s.id)}>
                  Cancel {s.plan.name}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {cancelError && <ErrorNotice error={cancelError} />}
    </section>
  );
}

export function Account() {
  const session = useSession();
  if (!session) {
    return (
      <section className="empty">
        <h1>Your account</h1>
        <p>
          <Link to={signInPath()}>Sign in</Link> to manage profiles and subscriptions.
        </p>
      </section>
    );
  }
  return (
    <section className="account-page">
      <h1>Your account</h1>
      <p className="meta">
        {session.user.displayName} · {session.user.email}
      </p>
      <Profiles />
      <Subscriptions />
    </section>
  );
}
