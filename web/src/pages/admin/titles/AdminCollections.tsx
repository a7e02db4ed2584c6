import { useEffect, useRef, useState } from 'react';
import { gql, type ApiError, useQuery } from '../../../api';
import { ErrorNotice, Loading } from '../../../components/ErrorNotice';
import { AdminForm, ConfirmButton, Field, fieldErrorsOf } from '../Admin';
import { textOf } from './fields';
import { ADMIN_COLLECTIONS, CREATE_COLLECTION, DELETE_COLLECTION, RAIL_CANDIDATES, RENAME_COLLECTION, SET_COLLECTION_TITLES } from './operations';

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
function CuratedRail({ rail, onChanged }: { rail: Rail; onChanged: () => void }) {
  const [order, setOrder] = useState(rail.titles);
  const [candidates, setCandidates] = useState<RailTitle[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [focus, setFocus] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (focus) document.getElementById(focus)?.focus();
  }, [focus, order]);

  // Saves go out one after the other, so the rail ends in the order last shown even when the editor acts
  // faster than the network; a failed save is undone only if nothing was changed after it.
  const saving = useRef<Promise<void>>(Promise.resolve());
  const latest = useRef(0);
  const save = (next: RailTitle[], said: string) => {
    const before = order;
    const turn = ++latest.current;
    setOrder(next);
    setError(null);
    saving.current = saving.current.then(async () => {
      try {
        await gql(SET_COLLECTION_TITLES, { collectionId: rail.id, titleIds: next.map((t) => t.id) });
        setStatus(said);
      } catch (e) {
        if (turn === latest.current) setOrder(before);
        setError(e as ApiError);
      }
    });
    return saving.current;
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
  const find = async (text: string) => {
    setSearching(true);
    setError(null);
    try {
      const found = await gql<{ titles: { edges: { node: RailTitle }[] } }>(RAIL_CANDIDATES, { text });
      setCandidates(found.titles.edges.map(({ node }) => node));
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setSearching(false);
    }
  };
  const addable = (candidates ?? []).filter((c) => !order.some((t) => t.id === c.id));
  const heading = `rail-${rail.id}-heading`;

  return (
    <section aria-labelledby={heading}>
      <h3 id={heading}>
        {rail.name} <small>({KINDS[rail.kind]})</small>
      </h3>
      <RailActions rail={rail} onChanged={onChanged} />
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
      <form
        className="inline-form"
        role="search"
        aria-label={`Find titles for ${rail.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          const text = textOf(new FormData(event.currentTarget), 'text').trim();
          if (text) void find(text);
        }}
      >
        <label htmlFor={`rail-${rail.id}-find`}>Find a title</label> <input id={`rail-${rail.id}-find`} name="text" type="search" maxLength={100} />{' '}
        <button type="submit" disabled={searching}>
          Find
        </button>
      </form>
      {candidates && addable.length === 0 && <p role="status">No title to add matches.</p>}
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

/** Renaming a rail (its slug stays) and deleting it after confirming; either reloads the rails. */
function RailActions({ rail, onChanged }: { rail: Rail; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrorsOf(error);
  const nameId = `rail-${rail.id}-name`;
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onChanged();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="rail-actions">
      <form
        className="inline-form"
        aria-label={`Rename ${rail.name}`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const name = textOf(new FormData(event.currentTarget), 'name');
          void run(() => gql(RENAME_COLLECTION, { id: rail.id, name }));
        }}
      >
        <Field id={nameId} label="New name" error={errors.name}>
          <input id={nameId} name="name" defaultValue={rail.name} aria-invalid={!!errors.name} />
        </Field>{' '}
        <button type="submit" disabled={busy}>
          Rename
        </button>
      </form>
      <ConfirmButton
        label="Delete rail"
        confirm={`Delete the rail ${rail.name}? Its titles stay in the catalog.`}
        onConfirm={() => run(() => gql(DELETE_COLLECTION, { id: rail.id }))}
      />
      {error && !Object.keys(errors).length && <ErrorNotice error={error} title="The rail was not changed" />}
    </div>
  );
}

/** The home screen's rails: created, renamed and deleted here; curated ones filled by title search and ordered by hand. */
export function AdminCollections() {
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
          <CuratedRail key={rail.id} rail={rail} onChanged={refetch} />
        ) : (
          <section key={rail.id} aria-labelledby={`rail-${rail.id}-heading`}>
            <h3 id={`rail-${rail.id}-heading`}>
              {rail.name} <small>({KINDS[rail.kind]})</small>
            </h3>
            <RailActions rail={rail} onChanged={refetch} />
            <p>Chosen by its rule.</p>
          </section>
        ),
      )}
    </section>
  );
}
