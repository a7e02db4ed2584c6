import { gql } from '../../../api';
import { formText } from '../../../forms';
import { AdminForm, Field } from '../Admin';
import { money, OnSaleField, PriceFields, type Package, type Plan } from './shared';

const CREATE = `mutation CreatePlan($input: PlanInput!) { createPlan(input: $input) { id } }`;
const UPDATE = `mutation UpdatePlan($id: ID!, $input: PlanInput!) { updatePlan(id: $id, input: $input) { id } }`;

/** A new plan, or `plan` changed (existing subscriptions keep what they signed up for; the API says so). */
export function PlanForm({ plan, packages, onDone }: { plan?: Plan; packages: Package[]; onDone: () => void }) {
  const id = plan ? `edit-plan-${plan.id}` : 'plan';
  const included = new Set(plan?.packages.map((p) => p.id));
  return (
    <AdminForm
      id={plan ? id : 'new-plan'}
      heading={plan ? `Edit plan ${plan.name}` : 'New plan'}
      submitLabel={plan ? 'Save plan' : 'Create plan'}
      failedTitle={plan ? 'The plan was not changed' : 'The plan was not created'}
      onDone={onDone}
      run={(form) => {
        const input = {
          name: formText(form, 'name').trim(),
          description: formText(form, 'description').trim() || undefined,
          price: money(form),
          billingPeriod: formText(form, 'period'),
          maxConcurrentStreams: Number(form.get('streams')),
          packageIds: form.getAll('packages').map(String),
          active: plan ? form.get('active') === 'on' : undefined,
        };
        return plan ? gql(UPDATE, { id: plan.id, input }) : gql(CREATE, { input });
      }}
    >
      {(errors) => (
        <>
          <Field id={`${id}-name`} label="Plan name" error={errors.name}>
            <input id={`${id}-name`} name="name" defaultValue={plan?.name} />
          </Field>
          <Field id={`${id}-description`} label="Description" error={errors.description}>
            <input id={`${id}-description`} name="description" defaultValue={plan?.description} />
          </Field>
          <PriceFields id={id} errors={errors} price={plan?.price} />
          <Field id={`${id}-period`} label="Billed every" error={errors.billingPeriod}>
            <select id={`${id}-period`} name="period" defaultValue={plan?.billingPeriod ?? 'MONTH'}>
              <option value="MONTH">month</option>
              <option value="YEAR">year</option>
            </select>
          </Field>
          <Field id={`${id}-streams`} label="Streams at once" error={errors.maxConcurrentStreams}>
            <input id={`${id}-streams`} name="streams" type="number" min={1} max={10} defaultValue={plan?.maxConcurrentStreams ?? 2} />
          </Field>
          <fieldset>
            <legend>Packages</legend>
            {packages.map((p) => (
              <div key={p.id} className="field checkbox">
                <input id={`${id}-package-${p.id}`} name="packages" type="checkbox" value={p.id} defaultChecked={included.has(p.id)} />
                <label htmlFor={`${id}-package-${p.id}`}>{p.name}</label>
              </div>
            ))}
            {errors.packageIds && (
              <span className="field-error" role="alert">
                {errors.packageIds}
              </span>
            )}
          </fieldset>
          {plan && <OnSaleField id={id} active={plan.active} error={errors.active} />}
        </>
      )}
    </AdminForm>
  );
}
