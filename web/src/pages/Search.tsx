import { Fragment, useEffect, useId, useState, type SubmitEvent } from 'react';
import { gql, useQuery, useSession } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Link, navigate, useLocation, usePageTitle } from '../router';

interface Hit {
  type: HitType;
  id: string;
  title: string;
  highlights: { field: string; snippets: string[] }[];
  result: { __typename: string; slug?: string; series?: { slug: string } } | null;
}
type HitType = 'MOVIE' | 'SERIES' | 'EPISODE' | 'CHANNEL' | 'PROGRAMME';
interface Bucket {
  value: string;
  count: number;
}

const SEARCH = `query Search($query: String!, $filters: SearchFilters) {
  search(query: $query, filters: $filters, first: 30) {
    totalCount
    facets { types { value count } genres { value count } }
    edges { node { type id title highlights { field snippets } result {
      __typename
      ... on Movie { slug }
      ... on Series { slug }
      ... on Episode { series { slug } }
    } } }
  }
}`;
const SUGGEST = `query Suggest($prefix: String!) { suggest(prefix: $prefix, first: 8) { text type id } }`;
const TYPE_LABELS: Record<HitType, string> = { MOVIE: 'Movies', SERIES: 'Series', EPISODE: 'Episodes', CHANNEL: 'Channels', PROGRAMME: 'Programmes' };

function hitLink(hit: Hit): string {
  const slug = hit.result?.slug ?? hit.result?.series?.slug;
  if (slug) return `/title/${encodeURIComponent(slug)}`;
  return '/live';
}

const genreLabel = (slug: string) =>
  slug
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** The search page's address with one filter value switched on or off (a new filter starts a new search). */
function toggled(params: URLSearchParams, name: string, value: string): string {
  const next = new URLSearchParams(params);
  const values = next.getAll(name);
  next.delete(name);
  for (const v of values.includes(value) ? values.filter((x) => x !== value) : [...values, value]) next.append(name, v);
  return `/search?${next}`;
}

/**
 * A highlight as text with its matches marked. The API escapes the text and marks matches with `<em>`;
 * parsing it as an inert document and keeping only text and those marks means nothing else becomes markup.
 */
function Snippet({ html }: { html: string }) {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  return (
    <>
      {Array.from(body.childNodes, (node, i) =>
        node.nodeName === 'EM' ? <mark key={i}>{node.textContent}</mark> : <Fragment key={i}>{node.textContent}</Fragment>,
      )}
    </>
  );
}

/** The first snippet of a field's highlight, if it matched. */
function snippetOf(hit: Hit, matches: (field: string) => boolean): string | null {
  return hit.highlights.find((h) => matches(h.field) && h.snippets.length)?.snippets[0] ?? null;
}

export function SearchBox() {
  const listId = useId();
  const { pathname, params } = useLocation();
  const shownQuery = pathname === '/search' ? (params.get('q') ?? '') : '';
  const [text, setText] = useState(shownQuery);
  // Opening a search page (a link, back, a reload) shows its query in the box.
  useEffect(() => setText(shownQuery), [shownQuery]);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  useEffect(() => {
    const prefix = text.trim();
    if (prefix.length < 2) return setSuggestions([]);
    let live = true;
    // Debounced: one request per pause in typing, not per key.
    const timer = setTimeout(() => {
      gql<{ suggest: { text: string }[] }>(SUGGEST, { prefix })
        .then(({ suggest }) => live && setSuggestions([...new Set(suggest.map((s) => s.text))]))
        .catch(() => live && setSuggestions([]));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (text.trim()) navigate(`/search?q=${encodeURIComponent(text.trim())}`);
  };
  return (
    <form role="search" className="searchbox" onSubmit={submit}>
      <input type="search" aria-label="Search" placeholder="Search titles and channels" list={listId} value={text} onChange={(e) => setText(e.target.value)} />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </form>
  );
}

function FacetButtons({
  label,
  name,
  buckets,
  active,
  params,
  text,
}: {
  label: string;
  name: string;
  buckets: Bucket[];
  active: string[];
  params: URLSearchParams;
  text: (value: string) => string;
}) {
  // A chosen value stays listed (with no count) even when the other filters leave it no hits.
  const shown = [...buckets, ...active.filter((v) => !buckets.some((b) => b.value === v)).map((value) => ({ value, count: 0 }))];
  if (!shown.length) return null;
  return (
    <div role="group" aria-label={label} className="facet">
      <h2>{label}</h2>
      {shown.map((b) => (
        <button key={b.value} type="button" className="chip" aria-pressed={active.includes(b.value)} onClick={() => navigate(toggled(params, name, b.value))}>
          {text(b.value)} <span className="count">{b.count}</span>
        </button>
      ))}
    </div>
  );
}

export function Search({ params }: { params: URLSearchParams }) {
  const session = useSession();
  const query = params.get('q') ?? '';
  usePageTitle(query ? `Search: ${query}` : 'Search');
  const types = params.getAll('type');
  const genres = params.getAll('genre');
  const mine = params.get('mine') === '1' && Boolean(session);
  const onNow = params.get('onNow') === '1';
  const filters = {
    ...(types.length ? { types } : {}),
    ...(genres.length ? { genres } : {}),
    ...(mine ? { availableToMe: true } : {}),
    ...(onNow ? { onNow: true } : {}),
  };
  const skip = !query && !Object.keys(filters).length;
  const { data, error, loading } = useQuery<{ search: { totalCount: number; facets: { types: Bucket[]; genres: Bucket[] }; edges: { node: Hit }[] } }>(
    SEARCH,
    { query, filters },
    { skip },
  );
  if (error) return <ErrorNotice error={error} title="Search failed" />;
  if (skip) return <p className="empty">Type in the search box to find titles and channels.</p>;
  if (!data) return loading ? <Loading what="results" /> : null;
  const { totalCount, facets, edges } = data.search;
  return (
    <div className="search-page">
      <aside aria-label="Filters" className="filters">
        <FacetButtons label="Type" name="type" buckets={facets.types} active={types} params={params} text={(v) => TYPE_LABELS[v as HitType] ?? v} />
        <FacetButtons label="Genre" name="genre" buckets={facets.genres.slice(0, 10)} active={genres} params={params} text={genreLabel} />
        <div role="group" aria-label="Show only" className="facet">
          <h2>Show only</h2>
          {session && (
            <label>
              <input type="checkbox" checked={mine} onChange={() => navigate(toggled(params, 'mine', '1'))} /> Available to me
            </label>
          )}
          <label>
            <input type="checkbox" checked={onNow} onChange={() => navigate(toggled(params, 'onNow', '1'))} /> On now
          </label>
        </div>
      </aside>
      <section className="results" aria-labelledby="results-heading">
        <h1 id="results-heading">
          {totalCount} result{totalCount === 1 ? '' : 's'}
          {query ? ` for “${query}”` : ''}
        </h1>
        <ul>
          {edges.map(({ node }) => {
            // The title with its matches marked; below it, what else matched (a synopsis, a cast member).
            const title = snippetOf(node, (f) => f === 'title');
            const snippet = snippetOf(node, (f) => f !== 'title');
            return (
              <li key={`${node.type}:${node.id}`}>
                <Link to={hitLink(node)}>{title ? <Snippet html={title} /> : node.title}</Link> <span className="meta">{node.type.toLowerCase()}</span>
                {snippet && (
                  <p className="snippet">
                    <Snippet html={snippet} />
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
