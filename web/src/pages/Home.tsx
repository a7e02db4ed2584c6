import { useQuery, useSession } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Rail, TITLE_CARD_FIELDS, type TitleSummary } from '../components/TitleCard';
import { GenreLinks } from './Genre';
import { usePageTitle } from '../router';

// The editors' rails (curated, new this month, popular in a genre) first, then two rails every catalog
// has, so a fresh installation without curated rails still shows something.
const HOME = `query Home {
  genres { slug name }
  collections { id name kind titles(first: 20) { ${TITLE_CARD_FIELDS} } }
  popular: titles(sort: POPULAR, first: 20) { edges { node { ${TITLE_CARD_FIELDS} } } }
  newest: titles(sort: NEWEST, first: 20) { edges { node { ${TITLE_CARD_FIELDS} } } }
}`;

interface HomeData {
  genres: { slug: string; name: string }[];
  collections: { id: string; name: string; kind: string; titles: TitleSummary[] }[];
  popular: { edges: { node: TitleSummary }[] };
  newest: { edges: { node: TitleSummary }[] };
}

// The active profile's films and episodes left part-way (an account is needed, so a query of its own).
const CONTINUE = `query ContinueWatching { continueWatching(first: 20) { movie { ${TITLE_CARD_FIELDS} } } }`;

export function Home() {
  const session = useSession();
  const profile = session?.profile ?? null;
  const { data, error, loading } = useQuery<HomeData>(HOME);
  const resumable = useQuery<{ continueWatching: { movie: TitleSummary | null }[] }>(CONTINUE, {}, { skip: !session });
  usePageTitle(null);
  if (error) return <ErrorNotice error={error} title="The catalog could not be loaded" />;
  if (!data) return loading ? <Loading what="the catalog" /> : null;
  const empty = data.collections.every((c) => c.titles.length === 0) && data.popular.edges.length === 0;
  return (
    <>
      {empty && (
        <section className="empty">
          <h1>Nothing to watch yet</h1>
          {profile && profile.maxMaturity < 18 ? (
            <p>Nothing in the catalog suits this profile's age limit ({profile.maxMaturity}+) yet.</p>
          ) : (
            <p>
              The catalog is empty. Editors publish titles through the GraphQL API (see the playground), or load the demo catalog with <code>npm run seed</code>
              .
            </p>
          )}
        </section>
      )}
      <GenreLinks genres={data.genres} />
      {session && resumable.data && <Rail name="Continue watching" titles={resumable.data.continueWatching.flatMap((r) => (r.movie ? [r.movie] : []))} />}
      {data.collections.map((c) => (
        <Rail key={c.id} id={c.id} name={c.name} titles={c.titles} />
      ))}
      <Rail name="Popular now" titles={data.popular.edges.map((e) => e.node)} />
      <Rail name="Just added" titles={data.newest.edges.map((e) => e.node)} />
    </>
  );
}
