import { useEffect, useState, type SubmitEvent } from 'react';
import { ApiError, gql, useQuery } from '../../../api';
import { ErrorNotice, Loading } from '../../../components/ErrorNotice';
import { formText } from '../../../forms';
import { ConfirmButton, Field, fieldErrorsOf } from '../Admin';
import { day, SUBSCRIPTION_FIELDS, SubscriptionCard, type Subscription } from './SubscriptionCard';
import { AdminTable } from '../AdminTable';

export interface Account {
  id: string;
  email: string;
  displayName: string;
  disabled: boolean;
}
interface History {
  subscriptions: Subscription[];
  purchases: { id: string; contentId: string; kind: string; price: { formatted: string }; purchasedAt: string; expiresAt: string | null }[];
  grants: {
    id: string;
    contentId: string | null;
    package: { name: string } | null;
    reason: string;
    grantedAt: string;
    expiresAt: string | null;
    revokedAt: string | null;
  }[];
}

const ACCOUNT = `query AccountByEmail($email: String!) { accountByEmail(email: $email) { id email displayName disabled } }`;
const HISTORY = `query AccountRightsHistory($userId: ID!) {
  rightsHistory(userId: $userId) {
    subscriptions { ${SUBSCRIPTION_FIELDS} }
    purchases { id contentId kind price { formatted } purchasedAt expiresAt }
    grants { id contentId package { name } reason grantedAt expiresAt revokedAt }
  }
}`;
const REVOKE = `mutation RevokeEntitlement($grantId: ID!) { revokeEntitlement(grantId: $grantId) { id revokedAt } }`;

/** One account's subscriptions (each with its charges), rentals and purchases, and grants, which may be revoked. */
function RightsHistory({ account, changes }: { account: Account; changes: number }) {
  const { data, error, loading, refetch } = useQuery<{ rightsHistory: History }>(HISTORY, { userId: account.id });
  const [revokeError, setRevokeError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (changes) refetch();
  }, [changes, refetch]);
  if (error) return <ErrorNotice error={error} title="The rights history could not be loaded" />;
  if (!data) return loading ? <Loading what="the rights history" /> : null;
  const { subscriptions, purchases, grants } = data.rightsHistory;
  return (
    <section aria-label={`Rights of ${account.email}`}>
      <h3>
        {account.displayName} <span className="meta">{account.email}</span>
        {account.disabled && ' (disabled)'}
      </h3>
      <h4>Subscriptions</h4>
      {subscriptions.length === 0 && <p>No subscription.</p>}
      {subscriptions.map((s) => (
        <SubscriptionCard key={s.id} subscription={s} />
      ))}
      <h4>Rentals and purchases</h4>
      {purchases.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {purchases.map((p) => (
            <li key={p.id}>
              {p.kind === 'RENT' ? 'Rented' : 'Bought'} {p.contentId} for {p.price.formatted} on {day(p.purchasedAt)}
              {p.expiresAt ? `, until ${day(p.expiresAt)}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h4>Grants</h4>
      {revokeError && <ErrorNotice error={revokeError} title="The grant was not revoked" />}
      <AdminTable
        label="Grants"
        columns={['What', 'Why', 'Granted', 'State']}
        rows={grants}
        empty="No grant."
        row={(g) => (
          <tr key={g.id}>
            <th scope="row">{g.package ? `Package ${g.package.name}` : g.contentId}</th>
            <td>{g.reason}</td>
            <td>
              {day(g.grantedAt)}
              {g.expiresAt ? `, until ${day(g.expiresAt)}` : ''}
            </td>
            <td>
              {g.revokedAt ? (
                `revoked ${day(g.revokedAt)}`
              ) : (
                <ConfirmButton
                  label="Revoke"
                  confirm="Revoke this grant now?"
                  onConfirm={() =>
                    gql(REVOKE, { grantId: g.id })
                      .then(() => {
                        setRevokeError(null);
                        refetch();
                      })
                      .catch((e: ApiError) => setRevokeError(e))
                  }
                />
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}

/**
 * A viewer's rights, found by the email they signed up with: for support, and to grant them access.
 * `onFound` hands the account to the grant form; `changes` reloads the history after a grant.
 */
export function AccountRights({ onFound, changes }: { onFound: (account: Account | null) => void; changes: number }) {
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notFound, setNotFound] = useState<string | null>(null);
  const errors = fieldErrorsOf(error);

  const lookUp = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = formText(new FormData(event.currentTarget), 'email').trim();
    setError(null);
    setNotFound(null);
    try {
      const { accountByEmail } = await gql<{ accountByEmail: Account | null }>(ACCOUNT, { email });
      setAccount(accountByEmail);
      onFound(accountByEmail);
      if (!accountByEmail) setNotFound(email);
    } catch (e) {
      setError(e as ApiError);
    }
  };

  return (
    <section aria-labelledby="account-rights-heading">
      <h2 id="account-rights-heading">A viewer&apos;s rights</h2>
      <form className="admin-form" aria-label="Find an account" noValidate onSubmit={(e) => void lookUp(e)}>
        <Field id="account-email" label="Account email" error={errors.email}>
          <input id="account-email" name="email" type="email" />
        </Field>
        <button type="submit">Look up</button>
        {error && !Object.keys(errors).length && <ErrorNotice error={error} title="The account could not be looked up" />}
        {notFound && <p role="status">No account signs in as {notFound}.</p>}
      </form>
      {account && <RightsHistory key={account.id} account={account} changes={changes} />}
    </section>
  );
}
