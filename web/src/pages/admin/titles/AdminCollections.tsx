import { useEffect, useState } from 'react';
import { gql, type ApiError, useQuery } from '../../../api';
import { ErrorNotice, Loading } from '../../../components/ErrorNotice';
import { AdminForm, ConfirmButton, Field } from '../Admin';
import { textOf } from './fields';
import { ADMIN_COLLECTIONS, CREATE_COLLECTION, SET_COLLECTION_TITLES } from './operations';

interface RailTitle {
  id: string;
  title: string;
}

interface Rail {
  id: string;
  slug: string;
  name: string;
  kind: 'CURATED' | 'NEW_THIS_MONTH' | 'POPULAR_IN_GENRE';
  titles: RailTitle[];
}

const KINDS = { CURATED: 'curated (picked by editors)', NEW_THIS_MONTH: 'new this month', POPULAR_IN_GENRE: 'popular in a genre' } as const;

/**
 * A curated rail's titles in order. Each move is saved at once; the moved title's button keeps the focus, so
 * a keyboard user can press it again, and a status line says where the title went.
 */
function CuratedRail({ rail, candidates }: { rail: Rail; candidates: RailTitle[] }) {
  const [order, setOrder] = useState(rail.titles);
  const [focus, setFocus] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (focus) document.getElementById(focus)?.focus();
  }, [focus, order]);

  const save = async (next: RailTitle[], said: string) => {
    const before = order;
    setOrder(next);
    setError(null);
    try {
      await gql(SET_COLLECTION_TITLES, { collectionId: rail.id, titleIds: next.map((t) => t.id) });
      setStatus(said);
    } catch (e) {
      setOrder(before);
      setError(e as ApiError);
    }
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...order];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved);
    const at = index + by;
    // At either end the button the title was moved with is disabled: the other one takes the focus.
    const direction = at === 0 ? 'down' : at === next.length - 1 ? 'up' : by < 0 ? 'up' : 'down';
    setFocus(`rail-${rail.id}-${moved.id}-${direction}`);
    void save(next, `${moved.title} is now number ${at + 1} of ${next.length}`);
  };
  const addable = candidates.filter((c) => !order.some((t) => t.id === c.id));
  const heading = `rail-${rail.id}-heading`;

  return (
    <section aria-labelledby={heading}>
      <h3 id={heading}>
        {rail.name} <small>({KINDS[rail.kind]})</small>
      </h3>
      {error && <ErrorNotice error={error} title="The rail was not changed" />}
      <p role="status">{status}</p>
      <ol aria-label={`Titles of ${rail.name}`}>
        {order.map((t, index) => (
          <li key={t.id}>
            <span>{t.title}</span>{' '}
            <button type="button" id={`rail-${rail.id}-${t.id}-up`} disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${t.title} up`}>
              ↑ Up
            </button>{' '}
            <button
              type="button"
              id={`rail-${rail.id}-${t.id}-down`}
              disabled={index === order.length - 1}
              onClick={() => move(index, 1)}
              aria-label={`Move ${t.title} down`}
            >
              ↓ Down
            </button>{' '}
            <ConfirmButton
              label="Remove"
              confirm={`Take ${t.title} off ${rail.name}?`}
              onConfirm={() =>
                save(
                  order.filter((other) => other.id !== t.id),
                  `${t.title} was taken off the rail`,
                )
              }
            />
          </li>
        ))}
      </ol>
      {addable.length > 0 && (
        <form
          aria-label={`Add a title to ${rail.name}`}
          onSubmit={(event) => {
            event.preventDefault();
            const picked = addable.find((c) => c.id === new FormData(event.currentTarget).get('titleId'));
            if (picked) void save([...order, picked], `${picked.title} was added as number ${order.length + 1}`);
          }}
        >
          <label htmlFor={`rail-${rail.id}-add`}>Title to add</label>{' '}
          <select id={`rail-${rail.id}-add`} name="titleId">
            {addable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>{' '}
          <button type="submit">Add to rail</button>
        </form>
      )}
    </section>
  );
}

/** The home screen's rails: created here; curated ones ordered by hand. */
export function AdminCollections({ candidates }: { candidates: RailTitle[] }) {
  const { data, error, loading, refetch } = useQuery<{ collections: Rail[] }>(ADMIN_COLLECTIONS);
  return (
    <section aria-labelledby="collections-heading">
      <h2 id="collections-heading">Collections</h2>
      <AdminForm
        id="collection"
        heading="New rail"
        submitLabel="Create rail"
        failedTitle="The rail was not created"
        onDone={refetch}
        run={(form) =>
          gql(CREATE_COLLECTION, {
            slug: textOf(form, 'slug'),
            name: textOf(form, 'name'),
            kind: textOf(form, 'kind'),
            genre: textOf(form, 'genre') || null,
            position: textOf(form, 'position') ? Number(textOf(form, 'position')) : null,
          })
        }
      >
        {(errors) => (
          <>
            <Field id="collection-name" label="Rail name" error={errors.name}>
              <input id="collection-name" name="name" aria-invalid={!!errors.name} />
            </Field>
            <Field id="collection-slug" label="Rail slug" error={errors.slug}>
              <input id="collection-slug" name="slug" aria-invalid={!!errors.slug} />
            </Field>
            <Field id="collection-kind" label="Rail kind">
              <select id="collection-kind" name="kind" defaultValue="CURATED">
                {Object.entries(KINDS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="collection-genre" label="Genre slug (popular in a genre)" error={errors.genre}>
              <input id="collection-genre" name="genre" aria-invalid={!!errors.genre} />
            </Field>
            <Field id="collection-position" label="Place on the home screen" error={errors.position}>
              <input id="collection-position" name="position" inputMode="numeric" aria-invalid={!!errors.position} />
            </Field>
          </>
        )}
      </AdminForm>
      {error && <ErrorNotice error={error} title="Rails could not be loaded" />}
      {!data && loading && <Loading what="rails" />}
      {data?.collections.map((rail) =>
        rail.kind === 'CURATED' ? (
          <CuratedRail key={rail.id} rail={rail} candidates={candidates} />
        ) : (
          <p key={rail.id}>
            {rail.name} ({KINDS[rail.kind]}): chosen by its rule.
          </p>
        ),
      )}
    </section>
  );
}
