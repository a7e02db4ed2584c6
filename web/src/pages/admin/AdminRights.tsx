import { useState, type SubmitEvent } from 'react';
import { ApiError, gql, useQuery } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { Field, fieldErrorsOf } from './Admin';
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

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Runs a form's mutation, keeping its error (with field errors) for the form to show. */
function useSubmit(onDone: () => void) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SubmitEvent<HTMLFormElement>, run: (form: FormData) => Promise<unknown>) => {
    event.preventDefault();
    const target = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      await run(new FormData(target));
      target.reset();
      onDone();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit, errors: fieldErrorsOf(error) };
}

function CreatePackage({ onCreated }: { onCreated: () => void }) {
  const { error, busy, submit, errors } = useSubmit(onCreated);
  return (
    <form
      className="admin-form"
      aria-labelledby="new-package-heading"
      noValidate
      onSubmit={(e) =>
        void submit(e, (form) =>
          gql(CREATE_PACKAGE, {
            input: {
              name: formText(form, 'name').trim(),
              free: form.get('free') === 'on',
              genreSlugs: list(formText(form, 'genres')),
              titleIds: list(formText(form, 'titles')),
              channelIds: list(formText(form, 'channels')),
            },
          }),
        )
      }
    >
      <h2 id="new-package-heading">New package</h2>
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
      <button type="submit" className="primary" disabled={busy}>
        Create package
      </button>
      {error && !Object.keys(errors).length && <ErrorNotice error={error} title="The package was not created" />}
    </form>
  );
}

function CreatePlan({ packages, onCreated }: { packages: Package[]; onCreated: () => void }) {
  const { error, busy, submit, errors } = useSubmit(onCreated);
  return (
    <form
      className="admin-form"
      aria-labelledby="new-plan-heading"
      noValidate
      onSubmit={(e) =>
        void submit(e, (form) =>
          gql(CREATE_PLAN, {
            input: {
              name: formText(form, 'name').trim(),
              description: formText(form, 'description').trim() || undefined,
              // Prices are typed in major units and sent in minor units.
              price: { amount: Math.round(Number(form.get('price')) * 100), currency: formText(form, 'currency') },
              billingPeriod: formText(form, 'period'),
              maxConcurrentStreams: Number(form.get('streams')),
              packageIds: form.getAll('packages').map(String),
            },
          }),
        )
      }
    >
      <h2 id="new-plan-heading">New plan</h2>
      <Field id="plan-name" label="Plan name" error={errors.name}>
        <input id="plan-name" name="name" />
      </Field>
      <Field id="plan-description" label="Description" error={errors.description}>
        <input id="plan-description" name="description" />
      </Field>
      <Field id="plan-price" label="Price" error={errors.amount ?? errors.price}>
        <input id="plan-price" name="price" inputMode="decimal" />
      </Field>
      <Field id="plan-currency" label="Currency" error={errors.currency}>
        <select id="plan-currency" name="currency" defaultValue="EUR">
          {['EUR', 'USD', 'GBP'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </Field>
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
      <button type="submit" className="primary" disabled={busy}>
        Create plan
      </button>
      {error && !Object.keys(errors).length && <ErrorNotice error={error} title="The plan was not created" />}
    </form>
  );
}

/** Rights managers' products: packages of content and the plans that sell them. */
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
