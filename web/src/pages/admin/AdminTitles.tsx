import { useState } from 'react';
import { ApiError, gql, useQuery } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { Link, useLocation } from '../../router';
import { AdminForm, ConfirmButton, Field } from './Admin';
import { formText } from '../../forms';
import { AdminCollections } from './titles/AdminCollections';
import { TitleEditor } from './titles/TitleEditor';
import { AdminTable } from './AdminTable';

interface AdminTitle {
  id: string;
  slug: string;
  title: string;
  kind: 'Movie' | 'Series';
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  synopsis: string;
  releaseYear: number | null;
  maturityRating: number;
  genreSlugs: string[];
}

const TITLES = `query AdminTitles($filter: TitleFilter) {
  titles(filter: $filter, sort: NEWEST, first: 50) {
    edges { node { id slug title kind: __typename status synopsis releaseYear maturityRating genreSlugs } }
  }
}`;
const CREATE = {
  Movie: `mutation CreateMovie($input: TitleInput!) { createMovie(input: $input) { id } }`,
  Series: `mutation CreateSeries($input: TitleInput!) { createSeries(input: $input) { id } }`,
};
const UPDATE = `mutation UpdateTitle($id: ID!, $input: TitleInput!) { updateTitle(id: $id, input: $input) { id } }`;
const ACTIONS = {
  publish: `mutation Publish($id: ID!) { publishTitle(id: $id) { id status } }`,
  unpublish: `mutation Unpublish($id: ID!) { unpublishTitle(id: $id) { id status } }`,
  archive: `mutation Archive($id: ID!) { archiveTitle(id: $id) { id status } }`,
};

const STATUSES = ['DRAFT', 'PUBLISHED', 'ARCHIVED'] as const;

/** The fields a title's form sends (`TitleInput`); an edit sends them all, as shown. */
function titleInput(form: FormData) {
  const text = (name: string) => formText(form, name).trim();
  const number = (name: string) => (text(name) === '' ? undefined : Number(text(name)));
  return {
    title: text('title'),
    synopsis: text('synopsis') || undefined,
    releaseYear: number('releaseYear'),
    maturityRating: number('maturityRating'),
    genres: text('genres')
      ? text('genres')
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean)
      : undefined,
  };
}

/**
 * A title's form: a new movie or series (`id` "movie"), or the edit of one (`id` "edit"), prefilled with
 * what it holds. The API's field errors show beside the fields.
 */
function TitleForm({ id, editing, onDone }: { id: 'movie' | 'edit'; editing?: AdminTitle; onDone: () => void }) {
  return (
    <AdminForm
      id={`${id}-form`}
      heading={editing ? `Edit “${editing.title}”` : 'New movie or series'}
      submitLabel={editing ? 'Save changes' : 'Create draft'}
      failedTitle={editing ? 'The title was not changed' : 'The title was not created'}
      onDone={onDone}
      run={(form) =>
        editing
          ? gql(UPDATE, { id: editing.id, input: titleInput(form) })
          : gql(CREATE[form.get('kind') === 'Series' ? 'Series' : 'Movie'], { input: titleInput(form) })
      }
    >
      {(errors) => (
        <>
          {!editing && (
            <Field id={`${id}-kind`} label="Kind">
              <select id={`${id}-kind`} name="kind" defaultValue="Movie">
                <option value="Movie">movie</option>
                <option value="Series">series</option>
              </select>
            </Field>
          )}
          <Field id={`${id}-title`} label="Title" error={errors.title}>
            <input id={`${id}-title`} name="title" defaultValue={editing?.title} aria-invalid={!!errors.title} />
          </Field>
          <Field id={`${id}-synopsis`} label="Synopsis" error={errors.synopsis}>
            <textarea id={`${id}-synopsis`} name="synopsis" rows={3} defaultValue={editing?.synopsis} />
          </Field>
          <Field id={`${id}-year`} label="Release year" error={errors.releaseYear}>
            <input id={`${id}-year`} name="releaseYear" inputMode="numeric" defaultValue={editing?.releaseYear ?? ''} aria-invalid={!!errors.releaseYear} />
          </Field>
          <Field id={`${id}-rating`} label="Age rating" error={errors.maturityRating}>
            <select id={`${id}-rating`} name="maturityRating" defaultValue={String(editing?.maturityRating ?? 12)}>
              {[0, 7, 12, 16, 18].map((r) => (
                <option key={r} value={r}>
                  {r}+
                </option>
              ))}
            </select>
          </Field>
          <Field id={`${id}-genres`} label="Genres (slugs, comma-separated)" error={errors.genres}>
            <input id={`${id}-genres`} name="genres" defaultValue={editing?.genreSlugs.join(', ')} aria-invalid={!!errors.genres} />
          </Field>
        </>
      )}
    </AdminForm>
  );
}

/**
 * Editors' catalog: titles in every status, filtered by status, created and edited, with the life-cycle
 * actions, and the rails. `?title=<id>` opens one title's own page (seasons, credits, artwork, window).
 */
export function AdminTitles() {
  const managed = useLocation().params.get('title');
  return managed ? <TitleEditor id={managed} /> : <TitleList />;
}

function TitleList() {
  const [status, setStatus] = useState<string>('');
  // The list holds the 50 newest: an older title is found by its name.
  const [named, setNamed] = useState('');
  const filter = { ...(status ? { status } : {}), ...(named.trim() ? { titleContains: named.trim() } : {}) };
  const { data, error, loading, refetch } = useQuery<{ titles: { edges: { node: AdminTitle }[] } }>(TITLES, { filter });
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [editing, setEditing] = useState<AdminTitle | null>(null);
  const act = async (action: keyof typeof ACTIONS, id: string) => {
    setActionError(null);
    try {
      await gql(ACTIONS[action], { id });
      refetch();
    } catch (e) {
      setActionError(e as ApiError);
    }
  };
  return (
    <section aria-labelledby="titles-heading">
      <h1 id="titles-heading">Titles</h1>
      <TitleForm id="movie" onDone={refetch} />
      {editing && (
        <TitleForm
          key={editing.id}
          id="edit"
          editing={editing}
          onDone={() => {
            setEditing(null);
            refetch();
          }}
        />
      )}
      <div className="field">
        <label htmlFor="status-filter">Status</label>
        <select id="status-filter" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="title-filter">Title contains</label>
        <input id="title-filter" type="search" value={named} onChange={(e) => setNamed(e.target.value)} />
      </div>
      {actionError && <ErrorNotice error={actionError} title="The change was refused" />}
      {error && <ErrorNotice error={error} title="Titles could not be loaded" />}
      {!data && loading && <Loading what="titles" />}
      {data && (
        <AdminTable
          caption="Newest first"
          columns={['Title', 'Kind', 'Year', 'Genres', 'Status', 'Actions']}
          rows={data.titles.edges}
          row={({ node: t }) => (
            <tr key={t.id}>
              <th scope="row">
                <Link to={`/title/${t.slug}`}>{t.title}</Link>
              </th>
              <td>{t.kind.toLowerCase()}</td>
              <td>{t.releaseYear ?? '—'}</td>
              <td>{t.genreSlugs.join(', ')}</td>
              <td data-testid="title-status">{t.status.toLowerCase()}</td>
              <td className="actions">
                <button type="button" onClick={() => setEditing(t)} aria-label={`Edit ${t.title}`}>
                  Edit
                </button>
                <Link to={`/admin/titles?title=${t.id}`} aria-label={`Manage ${t.title}`}>
                  Manage
                </Link>
                {t.status !== 'PUBLISHED' && (
                  <button type="button" onClick={() => void act('publish', t.id)}>
                    Publish
                  </button>
                )}
                {t.status === 'PUBLISHED' && (
                  <ConfirmButton label="Unpublish" confirm={`Take “${t.title}” away from viewers?`} onConfirm={() => act('unpublish', t.id)} />
                )}
                {t.status !== 'ARCHIVED' && <ConfirmButton label="Archive" confirm={`Archive “${t.title}”?`} onConfirm={() => act('archive', t.id)} />}
              </td>
            </tr>
          )}
        />
      )}
      <AdminCollections />
    </section>
  );
}
