import { useState, type SubmitEvent } from 'react';
import { ApiError, createProfile, gql, newIdempotencyKey, selectProfile, useQuery, useSession } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Link, signInPath, usePageTitle } from '../router';
import { formText } from '../forms';

interface Plan {
  id: string;
  name: string;
  price: { amount: number; currency: string; formatted: string };
  billingPeriod: 'MONTH' | 'YEAR';
  maxConcurrentStreams: number;
}

interface PlanSubscription {
  id: string;
  status: 'ACTIVE' | 'CANCELLED' | 'EXPIRED' | 'PAST_DUE';
  currentPeriodEnd: string;
  paymentCardLast4: string;
  plan: Plan;
  pendingPlan: { name: string } | null;
}

const PLAN_FIELDS = 'id name price { amount currency formatted } billingPeriod maxConcurrentStreams';
const SUBSCRIPTIONS = `query MySubscriptions {
  mySubscriptions { id status currentPeriodEnd paymentCardLast4 plan { ${PLAN_FIELDS} } pendingPlan { name } }
  plans { ${PLAN_FIELDS} }
}`;
const CHANGE_PLAN = `mutation ChangePlan($id: ID!, $planId: ID!, $key: String!) { changePlan(subscriptionId: $id, planId: $planId, idempotencyKey: $key) { id } }`;
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
  const add = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void run(async () => {
      await createProfile(formText(data, 'name').trim(), Number(data.get('maxMaturity')));
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

/** Plans an active subscription can move to: same billing period and currency, not already held. */
function SwitchPlan({
  subscription,
  plans,
  held,
  onDone,
}: {
  subscription: PlanSubscription;
  plans: Plan[];
  held: Set<string>;
  onDone: (error: ApiError | null) => void;
}) {
  const choices = plans.filter(
    (p) => !held.has(p.id) && p.billingPeriod === subscription.plan.billingPeriod && p.price.currency === subscription.plan.price.currency,
  );
  const [planId, setPlanId] = useState('');
  const [busy, setBusy] = useState(false);
  if (!choices.length) return null;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await gql(CHANGE_PLAN, { id: subscription.id, planId, key: newIdempotencyKey() });
      onDone(null);
    } catch (e) {
      onDone(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label={`Switch ${subscription.plan.name}`}>
      <label>
        Switch to
        <select value={planId} onChange={(e) => setPlanId(e.target.value)} required>
          <option value="">Choose a plan</option>
          {choices.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} · {p.price.formatted} · {p.price.amount > subscription.plan.price.amount ? 'now, for the rest of this period' : 'at the renewal'}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || !planId}>
        Switch plan
      </button>
    </form>
  );
}

function Subscriptions() {
  const { data, error, loading, refetch } = useQuery<{ mySubscriptions: PlanSubscription[]; plans: Plan[] }>(SUBSCRIPTIONS);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const after = (e: ApiError | null) => {
    setActionError(e);
    if (!e) refetch();
  };
  const cancel = async (id: string) => {
    setActionError(null);
    try {
      await gql(CANCEL, { id });
      refetch();
    } catch (e) {
      setActionError(e as ApiError);
    }
  };
  const held = new Set(data?.mySubscriptions.filter((s) => s.status !== 'EXPIRED').map((s) => s.plan.id));
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
                  {s.pendingPlan && s.status === 'ACTIVE' && ` · moves to ${s.pendingPlan.name} then`}
                </span>
                {s.status === 'ACTIVE' && <SwitchPlan subscription={s} plans={data.plans} held={held} onDone={after} />}
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
      {actionError && <ErrorNotice error={actionError} />}
    </section>
  );
}

export function Account() {
  const session = useSession();
  usePageTitle('Your account');
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
