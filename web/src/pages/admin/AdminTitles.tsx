import { useState, type SubmitEvent } from 'react';
import { ApiError, gql, useQuery } from '../../api';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { Link } from '../../router';
import { ConfirmButton, Field, fieldErrorsOf } from './Admin';
import { formText } from '../../forms';

interface AdminTitle {
  id: string;
  slug: string;
  title: string;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  releaseYear: number | null;
  genreSlugs: string[];
}

const TITLES = `query AdminTitles($filter: TitleFilter) {
  titles(filter: $filter, sort: NEWEST, first: 50) { edges { node { id slug title status releaseYear genreSlugs } } }
}`;
const CREATE = `mutation CreateMovie($input: TitleInput!) { createMovie(input: $input) { id } }`;
const ACTIONS = {
  publish: `mutation Publish($id: ID!) { publishTitle(id: $id) { id status } }`,
  unpublish: `mutation Unpublish($id: ID!) { unpublishTitle(id: $id) { id status } }`,
  archive: `mutation Archive($id: ID!) { archiveTitle(id: $id) { id status } }`,
};

const STATUSES = ['DRAFT', 'PUBLISHED', 'ARCHIVED'] as const;

function CreateMovie({ onCreated }: { onCreated: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorsOf(error);
  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => formText(form, name).trim();
    const number = (name: string) => (text(name) === '' ? undefined : Number(text(name)));
    setBusy(true);
    setError(null);
    try {
      await gql(CREATE, {
        input: {
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
        },
      });
      event.target.reset();
      onCreated();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="admin-form" onSubmit={(e) => void submit(e)} aria-labelledby="new-movie-heading" noValidate>
      <h2 id="new-movie-heading">New movie</h2>
      <Field id="movie-title" label="Title" error={errors.title}>
        <input id="movie-title" name="title" aria-invalid={!!errors.title} />
      </Field>
      <Field id="movie-synopsis" label="Synopsis" error={errors.synopsis}>
        <textarea id="movie-synopsis" name="synopsis" rows={3} />
      </Field>
      <Field id="movie-year" label="Release year" error={errors.releaseYear}>
        <input id="movie-year" name="releaseYear" inputMode="numeric" aria-invalid={!!errors.releaseYear} />
      </Field>
      <Field id="movie-rating" label="Age rating" error={errors.maturityRating}>
        <select id="movie-rating" name="maturityRating" defaultValue="12">
          {[0, 7, 12, 16, 18].map((r) => (
            <option key={r} value={r}>
              {r}+
            </option>
          ))}
        </select>
      </Field>
      <Field id="movie-genres" label="Genres (slugs, comma-separated)" error={errors.genres}>
        <input id="movie-genres" name="genres" aria-invalid={!!errors.genres} />
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        Create draft
      </button>
      {error && !Object.keys(errors).length && <ErrorNotice error={error} title="The movie was not created" />}
    </form>
  );
}

/** Editors' catalog: titles in every status, filtered by status, with the life-cycle actions. */
export function AdminTitles() {
  const [status, setStatus] = useState<string>('');
  const { data, error, loading, refetch } = useQuery<{ titles: { edges: { node: AdminTitle }[] } }>(TITLES, { filter: status ? { status } : {} });
  const [actionError, setActionError] = useState<ApiError | null>(null);
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
      <CreateMovie onCreated={refetch} />
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
      {actionError && <ErrorNotice error={actionError} title="The change was refused" />}
      {error && <ErrorNotice error={error} title="Titles could not be loaded" />}
      {!data && loading && <Loading what="titles" />}
      {data && (
        <table className="admin-table">
          <caption>Newest first</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Year</th>
              <th scope="col">Genres</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {data.titles.edges.map(({ node: t }) => (
              <tr key={t.id}>
                <th scope="row">
                  <Link to={`/title/${t.slug}`}>{t.title}</Link>
                </th>
                <td>{t.releaseYear ?? '—'}</td>
                <td>{t.genreSlugs.join(', ')}</td>
                <td data-testid="title-status">{t.status.toLowerCase()}</td>
                <td className="actions">
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
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
