import { useState } from 'react';
import { useQuery } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { AccountRights, type Account } from './rights/AccountRights';
import { GrantForm } from './rights/GrantForm';
import { OfferForm } from './rights/OfferForm';
import { PackageForm } from './rights/PackageForm';
import { PlanForm } from './rights/PlanForm';
import { PackagesTable, PlansTable } from './rights/ProductTables';
import type { Package, Plan } from './rights/shared';
import { SubscriptionLookup } from './rights/SubscriptionCard';
import { TitleOffers } from './rights/TitleOffers';

const RIGHTS = `query AdminRights {
  packages { id name description free titleIds channelIds genreSlugs }
  plans(includeInactive: true) {
    id name description price { amount currency formatted } billingPeriod maxConcurrentStreams active packages { id name }
  }
}`;

/**
 * Rights managers' products: packages of content, the plans that sell them, offers per title, grants; and
 * a viewer's rights history (subscriptions with their charges, purchases, grants to revoke).
 */
export function AdminRights() {
  const { data, error, loading, refetch } = useQuery<{ packages: Package[]; plans: Plan[] }>(RIGHTS);
  const [offersOf, setOffersOf] = useState('');
  const [offerChanges, setOfferChanges] = useState(0);
  const [account, setAccount] = useState<Account | null>(null);
  const [grants, setGrants] = useState(0);
  return (
    <section aria-labelledby="rights-admin-heading">
      <h1 id="rights-admin-heading">Rights</h1>
      {error && <ErrorNotice error={error} title="Products could not be loaded" />}
      {!data && loading && <Loading what="products" />}
      {data && (
        <>
          <div className="admin-columns">
            <PackageForm onDone={refetch} />
            <PlanForm packages={data.packages} onDone={refetch} />
            <OfferForm
              onSaved={(contentId) => {
                setOffersOf(contentId);
                setOfferChanges((n) => n + 1);
              }}
            />
            <GrantForm key={account?.id} userId={account?.id} packages={data.packages} onGranted={() => setGrants((n) => n + 1)} />
          </div>
          <PlansTable plans={data.plans} packages={data.packages} onChanged={refetch} />
          <PackagesTable packages={data.packages} onChanged={refetch} />
        </>
      )}
      <TitleOffers contentId={offersOf} onContentId={setOffersOf} changes={offerChanges} />
      <AccountRights onFound={setAccount} changes={grants} />
      <SubscriptionLookup />
    </section>
  );
}
