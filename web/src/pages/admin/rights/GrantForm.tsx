import { gql } from '../../../api';
import { formText } from '../../../forms';
import { AdminForm, Field } from '../Admin';
import type { Package } from './shared';

const GRANT = `mutation GrantEntitlement($input: GrantInput!) { grantEntitlement(input: $input) { id } }`;

/**
 * A grant: a title or a package given to one account, with the reason its rights history keeps; the
 * account looked up below, if any, is the one it starts with.
 */
export function GrantForm({ userId, packages, onGranted }: { userId?: string; packages: Package[]; onGranted: () => void }) {
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
            <input id="grant-user" name="user" defaultValue={userId} />
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
