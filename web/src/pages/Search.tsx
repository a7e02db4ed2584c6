import { useEffect, useId, useState, type FormEvent } from 'react';
import { gql, useQuery } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Link, navigate } from '../router';

interface Hit {
  type: 'MOVIE' | 'SERIES' | 'EPISODE' | 'CHANNEL' | 'PROGRAMME';
  id: string;
  title: string;
  result: { __typename: string; slug?: string; series?: { slug: string } } | null;
}

const SEARCH = `query Search($query: String!) {
  search(query: $query, first: 30) {
    totalCount
    edges { node { type id title result {
      __typename
      ... on Movie { slug }
      ... on Series { slug }
      ... on Episode { series { slug } }
    } } }
  }
}`;
const SUGGEST = `query Suggest($prefix: String!) { suggest(prefix: $prefix, first: 8) { text type id } }`;

function hitLink(hit: Hit): string {
  const slug = hit.result?.slug ?? hit.result?.series?.slug;
  if (slug) return `/title/${encodeURIComponent(slug)}`;
  return '/live';
}

export function SearchBox() {
  const listId = useId();
  const [text, setText] = useState('');
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
  const submit = (event: FormEvent) => {
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

export function Search({ query }: { query: string }) {
  const { data, error, loading } = useQuery<{ search: { totalCount: number; edges: { node: Hit }[] } }>(SEARCH, { query }, { skip: !query });
  if (error) return <ErrorNotice error={error} title="Search failed" />;
  if (!query) return <p className="empty">Type in the search box to find titles and channels.</p>;
  if (!data) return loading ? <Loading what="results" /> : null;
  return (
    <section className="results" aria-labelledby="results-heading">
      <h1 id="results-heading">
        {data.search.totalCount} result{data.search.totalCount === 1 ? '' : 's'} for “{query}”
      </h1>
      <ul>
        {data.search.edges.map(({ node }) => (
          <li key={`${node.type}:${node.id}`}>
            <Link to={hitLink(node)}>{node.title}</Link> <span className="meta">{node.type.toLowerCase()}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
