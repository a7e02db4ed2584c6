import { gql } from '../../../api';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { AdminForm, ConfirmButton, Field } from '../Admin';
import { instantOf, localInputOf, textOf } from './fields';
import { useAttempt } from '../useAttempt';
import { CREDIT_ROLES, UPDATE_TITLE, type Artwork, type Credit, type EditedTitle } from './operations';

const update = (id: string, input: Record<string, unknown>) => gql(UPDATE_TITLE, { id, input });

/** Credits as `TitleInput` sends them: each role's names in billing order (a movie sends no creators). */
const creditInput = (credits: Credit[], series: boolean) =>
  Object.fromEntries(
    CREDIT_ROLES.filter((r) => series || !r.seriesOnly).map(({ role, field }) => [field, credits.filter((c) => c.role === role).map((c) => c.name)]),
  );

const roleLabel = (role: Credit['role']) => CREDIT_ROLES.find((r) => r.role === role)?.label ?? role.toLowerCase();

/** When viewers may watch the title: an empty bound is no limit. */
export function AvailabilityForm({ title, onDone }: { title: EditedTitle; onDone: () => void }) {
  return (
    <AdminForm
      id="availability"
      heading="Availability window"
      submitLabel="Save window"
      failedTitle="The window was not changed"
      onDone={onDone}
      keepValues
      run={(form) => update(title.id, { availableFrom: instantOf(form, 'availableFrom'), availableTo: instantOf(form, 'availableTo') })}
    >
      {(errors) => (
        <>
          <Field id="availability-from" label="Available from" error={errors.availableFrom}>
            <input id="availability-from" name="availableFrom" type="datetime-local" defaultValue={localInputOf(title.availableFrom)} />
          </Field>
          <Field id="availability-to" label="Available until" error={errors.availableTo}>
            <input
              id="availability-to"
              name="availableTo"
              type="datetime-local"
              defaultValue={localInputOf(title.availableTo)}
              aria-invalid={!!errors.availableTo}
            />
          </Field>
        </>
      )}
    </AdminForm>
  );
}

/** The title's credits, each removable, and a form adding one with its role. */
export function CreditsEditor({ title, onDone }: { title: EditedTitle; onDone: () => void }) {
  const series = title.kind === 'Series';
  const roles = CREDIT_ROLES.filter((r) => series || !r.seriesOnly);
  const save = (credits: Credit[]) => update(title.id, creditInput(credits, series));
  const { error, attempt } = useAttempt();
  return (
    <section aria-labelledby="credits-heading">
      <h2 id="credits-heading">Credits</h2>
      {error && <ErrorNotice error={error} title="The credit was not removed" />}
      {title.credits.length === 0 && <p>No one is credited yet.</p>}
      <ul>
        {title.credits.map((c) => (
          <li key={`${c.role}:${c.name}`}>
            {c.name} ({roleLabel(c.role)}){' '}
            <ConfirmButton
              label="Remove"
              confirm={`Remove ${c.name} from the credits?`}
              onConfirm={() =>
                attempt(async () => {
                  await save(title.credits.filter((other) => other !== c));
                  onDone();
                })
              }
            />
          </li>
        ))}
      </ul>
      <AdminForm
        id="credit"
        heading="Add a credit"
        submitLabel="Add credit"
        failedTitle="The credit was not added"
        onDone={onDone}
        run={(form) => save([...title.credits, { name: textOf(form, 'name'), role: roles.find((r) => r.role === form.get('role'))?.role ?? 'CAST' }])}
      >
        {(errors) => (
          <>
            <Field id="credit-name" label="Person" error={roles.map((r) => errors[r.field]).find(Boolean)}>
              <input id="credit-name" name="name" aria-invalid={roles.some((r) => !!errors[r.field])} />
            </Field>
            <Field id="credit-role" label="Role">
              <select id="credit-role" name="role" defaultValue="CAST">
                {roles.map((r) => (
                  <option key={r.role} value={r.role}>
                    {r.label}
                  </option>
                ))}
              </select>
            </Field>
          </>
        )}
      </AdminForm>
    </section>
  );
}

const ARTWORK_KINDS = ['POSTER', 'BACKDROP', 'THUMBNAIL'] as const;

/**
 * The title's own pictures by kind, each removable, and a form adding one (its size follows from the kind);
 * while it has no poster, the one the catalog drew from its name, which apps show meanwhile.
 */
export function ArtworkEditor({ title, onDone }: { title: EditedTitle; onDone: () => void }) {
  const own = title.artwork.filter((a) => !a.generated).map(({ kind, url, width, height }) => ({ kind, url, width, height }));
  const generated = title.artwork.find((a) => a.generated);
  const save = (artwork: Artwork[]) => update(title.id, { artwork });
  const { error, attempt } = useAttempt();
  return (
    <section aria-labelledby="artwork-heading">
      <h2 id="artwork-heading">Artwork</h2>
      {error && <ErrorNotice error={error} title="The artwork was not removed" />}
      {own.length === 0 && <p>No artwork of its own yet.</p>}
      {generated && (
        <figure className="generated-poster">
          <img src={generated.url} alt={`The poster drawn for ${title.title}`} width={120} height={180} />
          <figcaption>Apps show this poster, drawn from the title, until you add one.</figcaption>
        </figure>
      )}
      <ul>
        {own.map((a, index) => (
          <li key={`${index}:${a.url}`}>
            {a.kind.toLowerCase()} {a.width}×{a.height}: <a href={a.url}>{a.url}</a>{' '}
            <ConfirmButton
              label="Remove"
              confirm={`Remove this ${a.kind.toLowerCase()}?`}
              onConfirm={() =>
                attempt(async () => {
                  await save(own.filter((_, i) => i !== index));
                  onDone();
                })
              }
            />
          </li>
        ))}
      </ul>
      <AdminForm
        id="artwork"
        heading="Add artwork"
        submitLabel="Add artwork"
        failedTitle="The artwork was not added"
        onDone={onDone}
        run={(form) => save([...own, { kind: textOf(form, 'kind'), url: textOf(form, 'url') } as Artwork])}
      >
        {(errors) => (
          <>
            <Field id="artwork-kind" label="Kind" error={errors.kind}>
              <select id="artwork-kind" name="kind" defaultValue="POSTER">
                {ARTWORK_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k.toLowerCase()}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="artwork-url" label="Image URL" error={errors.url}>
              <input id="artwork-url" name="url" type="url" aria-invalid={!!errors.url} />
            </Field>
          </>
        )}
      </AdminForm>
    </section>
  );
}
