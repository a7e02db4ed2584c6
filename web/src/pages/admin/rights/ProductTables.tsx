import { useState } from 'react';
import { ApiError, gql } from '../../../api';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ConfirmButton } from '../Admin';
import { PackageForm } from './PackageForm';
import { PlanForm } from './PlanForm';
import type { Package, Plan } from './shared';
import { AdminTable } from '../AdminTable';

const DELETE_PLAN = `mutation DeletePlan($id: ID!) { deletePlan(id: $id) }`;
const DELETE_PACKAGE = `mutation DeletePackage($id: ID!) { deletePackage(id: $id) }`;

/** Runs a deletion; the API's refusal (a plan someone subscribed to, a package a plan includes) is shown. */
function useDeletion(onDeleted: () => void) {
  const [error, setError] = useState<ApiError | null>(null);
  const remove = (query: string, id: string) =>
    gql(query, { id })
      .then(() => {
        setError(null);
        onDeleted();
      })
      .catch((e: ApiError) => setError(e));
  return { error, remove };
}

/** Every plan, those no longer sold included, each changed or deleted (after a confirmation) here. */
export function PlansTable({ plans, packages, onChanged }: { plans: Plan[]; packages: Package[]; onChanged: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const { error, remove } = useDeletion(onChanged);
  const edited = plans.find((p) => p.id === editing);
  return (
    <>
      <h2>Plans</h2>
      {error && <ErrorNotice error={error} title="The plan was not deleted" />}
      <AdminTable
        label="Plans"
        columns={['Plan', 'Price', 'Streams', 'Packages', 'Actions']}
        rows={plans}
        row={(p) => (
          <tr key={p.id}>
            <th scope="row">
              {p.name}
              {!p.active && <span className="meta"> (not on sale)</span>}
            </th>
            <td>
              {p.price.formatted} / {p.billingPeriod === 'MONTH' ? 'month' : 'year'}
            </td>
            <td>{p.maxConcurrentStreams}</td>
            <td>{p.packages.map((k) => k.name).join(', ')}</td>
            <td>
              <button type="button" onClick={() => setEditing(p.id)}>
                Edit
              </button>{' '}
              <ConfirmButton label="Delete" confirm={`Delete the plan ${p.name}?`} onConfirm={() => remove(DELETE_PLAN, p.id)} />
            </td>
          </tr>
        )}
      />
      {edited && (
        <PlanForm
          key={edited.id}
          plan={edited}
          packages={packages}
          onDone={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}

/** Every package, each changed or deleted (after a confirmation) here. */
export function PackagesTable({ packages, onChanged }: { packages: Package[]; onChanged: () => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const { error, remove } = useDeletion(onChanged);
  const edited = packages.find((p) => p.id === editing);
  return (
    <>
      <h2>Packages</h2>
      {error && <ErrorNotice error={error} title="The package was not deleted" />}
      <AdminTable
        label="Packages"
        columns={['Package', 'Content', 'Actions']}
        rows={packages}
        row={(p) => (
          <tr key={p.id}>
            <th scope="row">{p.name}</th>
            <td>
              {p.free ? 'free · ' : ''}
              {p.titleIds.length} titles, {p.channelIds.length} channels{p.genreSlugs.length ? `, genres ${p.genreSlugs.join(', ')}` : ''}
            </td>
            <td>
              <button type="button" onClick={() => setEditing(p.id)}>
                Edit
              </button>{' '}
              <ConfirmButton label="Delete" confirm={`Delete the package ${p.name}?`} onConfirm={() => remove(DELETE_PACKAGE, p.id)} />
            </td>
          </tr>
        )}
      />
      {edited && (
        <PackageForm
          key={edited.id}
          pkg={edited}
          onDone={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}
