import { gql } from '../../../api';
import { formText } from '../../../forms';
import { AdminForm, Field } from '../Admin';
import { instantOf, localMinute } from './time';

export interface AdminProgramme {
  id: string;
  start: string;
  end: string;
  title: string;
  titles: { language: string | null; text: string }[];
  description: string | null;
}

const CREATE = `mutation CreateProgramme($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`;
const UPDATE = `mutation UpdateProgramme($id: ID!, $input: UpdateProgrammeInput!) { updateProgramme(id: $id, input: $input) { id } }`;

/**
 * The edited title replaces the one viewers see (the guide's default language); titles in other languages
 * are kept, since the form edits one language only.
 */
function titlesAfterEdit(programme: AdminProgramme, text: string) {
  const shown = programme.titles.findIndex((t) => t.text === programme.title);
  const at = shown < 0 ? 0 : shown;
  return programme.titles.map((t, i) => (i === at ? { language: t.language, text } : t));
}

/** A new programme on `channelId`, or changes to `programme`: title, times and synopsis. */
export function ProgrammeForm({ channelId, programme, onDone }: { channelId: string; programme?: AdminProgramme; onDone: () => void }) {
  const id = programme ? `edit-programme-${programme.id}` : 'new-programme';
  return (
    <AdminForm
      id={id}
      heading={programme ? `Edit “${programme.title}”` : 'New programme'}
      submitLabel={programme ? 'Save programme' : 'Add programme'}
      failedTitle={programme ? 'The programme was not changed' : 'The programme was not added'}
      onDone={onDone}
      run={(form) => {
        const title = formText(form, 'title').trim();
        const description = formText(form, 'description').trim();
        const times = { start: instantOf(formText(form, 'start')), end: instantOf(formText(form, 'end')) };
        if (programme) {
          return gql(UPDATE, {
            id: programme.id,
            input: { ...times, titles: titlesAfterEdit(programme, title), ...(description ? { descriptions: [{ language: null, text: description }] } : {}) },
          });
        }
        return gql(CREATE, {
          input: {
            channelId,
            ...times,
            titles: [{ language: null, text: title }],
            ...(description ? { descriptions: [{ language: null, text: description }] } : {}),
          },
        });
      }}
    >
      {(errors) => (
        <>
          <Field id={`${id}-title`} label="Programme title" error={errors.titles ?? errors.text}>
            <input id={`${id}-title`} name="title" defaultValue={programme?.title} />
          </Field>
          <Field id={`${id}-start`} label="Starts" error={errors.start}>
            <input id={`${id}-start`} name="start" type="datetime-local" defaultValue={programme && localMinute(programme.start)} />
          </Field>
          <Field id={`${id}-end`} label="Ends" error={errors.end}>
            <input id={`${id}-end`} name="end" type="datetime-local" defaultValue={programme && localMinute(programme.end)} />
          </Field>
          <Field id={`${id}-description`} label="Synopsis" error={errors.descriptions}>
            <textarea id={`${id}-description`} name="description" defaultValue={programme?.description ?? ''} />
          </Field>
        </>
      )}
    </AdminForm>
  );
}
