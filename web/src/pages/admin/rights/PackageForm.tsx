import { gql } from '../../../api';
import { formText } from '../../../forms';
import { AdminForm, Field } from '../Admin';
import { list, type Package } from './shared';

const CREATE = `mutation CreatePackage($input: PackageInput!) { createPackage(input: $input) { id } }`;
const UPDATE = `mutation UpdatePackage($id: ID!, $input: PackageInput!) { updatePackage(id: $id, input: $input) { id } }`;

/** A new package, or `pkg` changed (the API replaces every field, so the form starts from its values). */
export function PackageForm({ pkg, onDone }: { pkg?: Package; onDone: () => void }) {
  const id = pkg ? `edit-package-${pkg.id}` : 'package';
  return (
    <AdminForm
      id={pkg ? id : 'new-package'}
      heading={pkg ? `Edit package ${pkg.name}` : 'New package'}
      submitLabel={pkg ? 'Save package' : 'Create package'}
      failedTitle={pkg ? 'The package was not changed' : 'The package was not created'}
      onDone={onDone}
      run={(form) => {
        const input = {
          name: formText(form, 'name').trim(),
          description: pkg ? formText(form, 'description').trim() : undefined,
          free: form.get('free') === 'on',
          genreSlugs: list(formText(form, 'genres')),
          titleIds: list(formText(form, 'titles')),
          channelIds: list(formText(form, 'channels')),
        };
        return pkg ? gql(UPDATE, { id: pkg.id, input }) : gql(CREATE, { input });
      }}
    >
      {(errors) => (
        <>
          <Field id={`${id}-name`} label="Package name" error={errors.name}>
            <input id={`${id}-name`} name="name" defaultValue={pkg?.name} />
          </Field>
          {pkg && (
            <Field id={`${id}-description`} label="Package description" error={errors.description}>
              <input id={`${id}-description`} name="description" defaultValue={pkg.description} />
            </Field>
          )}
          <Field id={`${id}-genres`} label="Genres (slugs, comma-separated)" error={errors.genreSlugs}>
            <input id={`${id}-genres`} name="genres" defaultValue={pkg?.genreSlugs.join(', ')} />
          </Field>
          <Field id={`${id}-titles`} label="Title ids (comma-separated)" error={errors.titleIds}>
            <input id={`${id}-titles`} name="titles" defaultValue={pkg?.titleIds.join(', ')} />
          </Field>
          <Field id={`${id}-channels`} label="Channel ids (comma-separated)" error={errors.channelIds}>
            <input id={`${id}-channels`} name="channels" defaultValue={pkg?.channelIds.join(', ')} />
          </Field>
          <div className="field checkbox">
            <input id={`${id}-free`} name="free" type="checkbox" defaultChecked={pkg?.free} />
            <label htmlFor={`${id}-free`}>Free with an account</label>
          </div>
        </>
      )}
    </AdminForm>
  );
}
