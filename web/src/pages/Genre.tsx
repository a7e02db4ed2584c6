import { useState } from 'react';
import { gql, useQuery, type ApiError } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { TITLE_CARD_FIELDS, TitleCard, type TitleSummary } from '../components/TitleCard';
import { Link, usePageTitle } from '../router';

interface Page {
  genres: { slug: string; name: string }[];
  titles: { edges: { node: TitleSummary }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const GENRE = `query Genre($genres: [String!], $after: String) {
  genres { slug name }
  titles(filter: { genres: $genres }, sort: POPULAR, first: 24, after: $after) {
    edges { node { ${TITLE_CARD_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Every title of one genre, most popular first, a page at a time (catalog's keyset pagination). */
export function Genre({ slug }: { slug: string }) {
  const first = useQuery<Page>(GENRE, { genres: [slug] });
  usePageTitle(first.data?.genres.find((g) => g.slug === slug)?.name ?? slug);
  const [more, setMore] = useState<TitleSummary[]>([]);
  // The page info of the last page loaded; null until "Show more" loads the second one.
  const [cursor, setCursor] = useState<Page['titles']['pageInfo'] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (first.error) return <ErrorNotice error={first.error} title="This genre could not be loaded" />;
  if (!first.data) return <Loading what="the genre" />;
  const name = first.data.genres.find((g) => g.slug === slug)?.name ?? slug;
  const titles = [...first.data.titles.edges.map((e) => e.node), ...more];
  const pageInfo = cursor ?? first.data.titles.pageInfo;

  const loadMore = async () => {
    setBusy(true);
    try {
      const next = await gql<Page>(GENRE, { genres: [slug], after: pageInfo.endCursor });
      setMore((previous) => [...previous, ...next.titles.edges.map((e) => e.node)]);
      setCursor(next.titles.pageInfo);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="grid-page" aria-labelledby="genre-heading">
      <h1 id="genre-heading">{name}</h1>
      {titles.length === 0 && <p className="empty">Nothing in this genre right now.</p>}
      <ul className="grid">
        {titles.map((t) => (
          <li key={t.id}>
            <TitleCard title={t} />
          </li>
        ))}
      </ul>
      {error && <ErrorNotice error={error} />}
      {pageInfo.hasNextPage && (
        <button type="button" onClick={() => void loadMore()} disabled={busy}>
          Show more
        </button>
      )}
    </section>
  );
}

/** The genre chips on the home screen. */
export function GenreLinks({ genres }: { genres: { slug: string; name: string }[] }) {
  if (genres.length === 0) return null;
  return (
    <nav className="genres" aria-label="Genres">
      {genres.map((g) => (
        <Link key={g.slug} to={`/genre/${encodeURIComponent(g.slug)}`} className="chip">
          {g.name}
        </Link>
      ))}
    </nav>
  );
}
