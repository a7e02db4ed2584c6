import { gql, useQuery } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { AdminForm, Field } from './Admin';
import { formText } from '../../forms';

interface Package {
  id: string;
  name: string;
  free: boolean;
  titleIds: string[];
  channelIds: string[];
  genreSlugs: string[];
}
interface Plan {
  id: string;
  name: string;
  price: { formatted: string };
  billingPeriod: 'MONTH' | 'YEAR';
  maxConcurrentStreams: number;
  active: boolean;
  packages: { id: string; name: string }[];
}

const RIGHTS = `query AdminRights {
  packages { id name free titleIds channelIds genreSlugs }
  plans { id name price { formatted } billingPeriod maxConcurrentStreams active packages { id name } }
}`;
const CREATE_PACKAGE = `mutation CreatePackage($input: PackageInput!) { createPackage(input: $input) { id } }`;
const CREATE_PLAN = `mutation CreatePlan($input: PlanInput!) { createPlan(input: $input) { id } }`;
const CREATE_OFFER = `mutation CreateOffer($input: OfferInput!) { createOffer(input: $input) { id } }`;
const GRANT = `mutation GrantEntitlement($input: GrantInput!) { grantEntitlement(input: $input) { id } }`;

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Prices are typed in major units and sent in minor units. */
const money = (form: FormData) => ({ amount: Math.round(Number(form.get('price')) * 100), currency: formText(form, 'currency') });

/** Price and currency, labelled `<what> price` when the page has more than one price field. */
function PriceFields({ id, what, errors }: { id: string; what?: string; errors: Record<string, string> }) {
  return (
    <>
      <Field id={`${id}-price`} label={what ? `${what} price` : 'Price'} error={errors.amount ?? errors.price}>
        <input id={`${id}-price`} name="price" inputMode="decimal" />
      </Field>
      <Field id={`${id}-currency`} label={what ? `${what} currency` : 'Currency'} error={errors.currency}>
        <select id={`${id}-currency`} name="currency" defaultValue="EUR">
          {['EUR', 'USD', 'GBP'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </Field>
    </>
  );
}

function CreatePackage({ onCreated }: { onCreated: () => void }) {
  return (
    <AdminForm
      id="new-package"
      heading="New package"
      submitLabel="Create package"
      failedTitle="The package was not created"
      onDone={onCreated}
      run={(form) =>
        gql(CREATE_PACKAGE, {
          input: {
            name: formText(form, 'name').trim(),
            free: form.get('free') === 'on',
            genreSlugs: list(formText(form, 'genres')),
            titleIds: list(formText(form, 'titles')),
            channelIds: list(formText(form, 'channels')),
          },
        })
      }
    >
      {(errors) => (
        <>
          <Field id="package-name" label="Package name" error={errors.name}>
            <input id="package-name" name="name" />
          </Field>
          <Field id="package-genres" label="Genres (slugs, comma-separated)" error={errors.genreSlugs}>
            <input id="package-genres" name="genres" />
          </Field>
          <Field id="package-titles" label="Title ids (comma-separated)" error={errors.titleIds}>
            <input id="package-titles" name="titles" />
          </Field>
          <Field id="package-channels" label="Channel ids (comma-separated)" error={errors.channelIds}>
            <input id="package-channels" name="channels" />
          </Field>
          <div className="field checkbox">
            <input id="package-free" name="free" type="checkbox" />
            <label htmlFor="package-free">Free with an account</label>
          </div>
        </>
      )}
    </AdminForm>
  );
}

function CreatePlan({ packages, onCreated }: { packages: Package[]; onCreated: () => void }) {
  return (
    <AdminForm
      id="new-plan"
      heading="New plan"
      submitLabel="Create plan"
      failedTitle="The plan was not created"
      onDone={onCreated}
      run={(form) =>
        gql(CREATE_PLAN, {
          input: {
            name: formText(form, 'name').trim(),
            description: formText(form, 'description').trim() || undefined,
            price: money(form),
            billingPeriod: formText(form, 'period'),
            maxConcurrentStreams: Number(form.get('streams')),
            packageIds: form.getAll('packages').map(String),
          },
        })
      }
    >
      {(errors) => (
        <>
          <Field id="plan-name" label="Plan name" error={errors.name}>
            <input id="plan-name" name="name" />
          </Field>
          <Field id="plan-description" label="Description" error={errors.description}>
            <input id="plan-description" name="description" />
          </Field>
          <PriceFields id="plan" errors={errors} />
          <Field id="plan-period" label="Billed every" error={errors.billingPeriod}>
            <select id="plan-period" name="period" defaultValue="MONTH">
              <option value="MONTH">month</option>
              <option value="YEAR">year</option>
            </select>
          </Field>
          <Field id="plan-streams" label="Streams at once" error={errors.maxConcurrentStreams}>
            <input id="plan-streams" name="streams" type="number" min={1} max={10} defaultValue={2} />
          </Field>
          <fieldset>
            <legend>Packages</legend>
            {packages.map((p) => (
              <div key={p.id} className="field checkbox">
                <input id={`plan-package-${p.id}`} name="packages" type="checkbox" value={p.id} />
                <label htmlFor={`plan-package-${p.id}`}>{p.name}</label>
              </div>
            ))}
            {errors.packageIds && (
              <span className="field-error" role="alert">
                {errors.packageIds}
              </span>
            )}
          </fieldset>
        </>
      )}
    </AdminForm>
  );
}

/** An offer to rent or buy one title; rental windows apply to rentals only. */
function CreateOffer({ onCreated }: { onCreated: () => void }) {
  const hours = (form: FormData, name: string) => (form.get(name) ? Number(form.get(name)) : undefined);
  return (
    <AdminForm
      id="new-offer"
      heading="New offer"
      submitLabel="Create offer"
      failedTitle="The offer was not created"
      onDone={onCreated}
      run={(form) =>
        gql(CREATE_OFFER, {
          input: {
            contentId: formText(form, 'content').trim(),
            kind: formText(form, 'kind'),
            price: money(form),
            rentalStartWindowHours: hours(form, 'startWindow'),
            rentalPlayWindowHours: hours(form, 'playWindow'),
          },
        })
      }
    >
      {(errors) => (
        <>
          <Field id="offer-content" label="Title id" error={errors.contentId}>
            <input id="offer-content" name="content" />
          </Field>
          <Field id="offer-kind" label="Kind" error={errors.kind}>
            <select id="offer-kind" name="kind" defaultValue="RENT">
              <option value="RENT">rent</option>
              <option value="BUY">buy</option>
            </select>
          </Field>
          <PriceFields id="offer" what="Offer" errors={errors} />
          <Field id="offer-start-window" label="Rental: hours to start" error={errors.rentalStartWindowHours}>
            <input id="offer-start-window" name="startWindow" type="number" min={1} />
          </Field>
          <Field id="offer-play-window" label="Rental: hours to finish once started" error={errors.rentalPlayWindowHours}>
            <input id="offer-play-window" name="playWindow" type="number" min={1} />
          </Field>
        </>
      )}
    </AdminForm>
  );
}

/** A grant: a title or a package given to one account, with the reason the audit log keeps. */
function GrantEntitlement({ packages, onGranted }: { packages: Package[]; onGranted: () => void }) {
  const optional = (form: FormData, name: string) => formText(form, name).trim() || undefined;
  return (
    <AdminForm
      id="new-grant"
      heading="Grant access"
      submitLabel="Grant"
      failedTitle="Nothing was granted"
      onDone={onGranted}
      run={(form) =>
        gql(GRANT, {
          input: {
            userId: formText(form, 'user').trim(),
            contentId: optional(form, 'content'),
            packageId: optional(form, 'package'),
            reason: formText(form, 'reason').trim(),
            expiresAt: optional(form, 'expires') && new Date(formText(form, 'expires')).toISOString(),
          },
        })
      }
    >
      {(errors) => (
        <>
          <Field id="grant-user" label="User id" error={errors.userId}>
            <input id="grant-user" name="user" />
          </Field>
          <Field id="grant-content" label="Title or channel id" error={errors.contentId}>
            <input id="grant-content" name="content" />
          </Field>
          <Field id="grant-package" label="Or a package" error={errors.packageId}>
            <select id="grant-package" name="package" defaultValue="">
              <option value="">none</option>
              {packages.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="grant-reason" label="Reason" error={errors.reason}>
            <input id="grant-reason" name="reason" />
          </Field>
          <Field id="grant-expires" label="Until (optional)" error={errors.expiresAt}>
            <input id="grant-expires" name="expires" type="datetime-local" />
          </Field>
        </>
      )}
    </AdminForm>
  );
}

/** Rights managers' products: packages of content, the plans that sell them, offers per title, and grants. */
export function AdminRights() {
  const { data, error, loading, refetch } = useQuery<{ packages: Package[]; plans: Plan[] }>(RIGHTS);
  return (
    <section aria-labelledby="rights-admin-heading">
      <h1 id="rights-admin-heading">Rights</h1>
      {error && <ErrorNotice error={error} title="Products could not be loaded" />}
      {!data && loading && <Loading what="products" />}
      {data && (
        <>
          <div className="admin-columns">
            <CreatePackage onCreated={refetch} />
            <CreatePlan packages={data.packages} onCreated={refetch} />
            <CreateOffer onCreated={refetch} />
            <GrantEntitlement packages={data.packages} onGranted={refetch} />
          </div>
          <h2>Plans</h2>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Price</th>
                <th scope="col">Streams</th>
                <th scope="col">Packages</th>
              </tr>
            </thead>
            <tbody>
              {data.plans.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>
                    {p.price.formatted} / {p.billingPeriod === 'MONTH' ? 'month' : 'year'}
                  </td>
                  <td>{p.maxConcurrentStreams}</td>
                  <td>{p.packages.map((k) => k.name).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Packages</h2>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Package</th>
                <th scope="col">Content</th>
              </tr>
            </thead>
            <tbody>
              {data.packages.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  <td>
                    {p.free ? 'free · ' : ''}
                    {p.titleIds.length} titles, {p.channelIds.length} channels{p.genreSlugs.length ? `, genres ${p.genreSlugs.join(', ')}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
