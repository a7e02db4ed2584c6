import { Link } from '../router';
import { Poster, type Artwork } from './Poster';

export interface TitleSummary {
  __typename: 'Movie' | 'Series';
  id: string;
  slug: string;
  title: string;
  releaseYear: number | null;
  maturityRating: number;
  artwork: Artwork[];
}

/** Fields every card needs; spread into any selection of `Title`. */
export const TITLE_CARD_FIELDS = `__typename id slug title releaseYear maturityRating artwork { kind url }`;

export function TitleCard({ title }: { title: TitleSummary }) {
  return (
    <Link to={`/title/${encodeURIComponent(title.slug)}`} className="card" aria-label={title.title}>
      <Poster title={title.title} artwork={title.artwork} />
      <span className="card-title">{title.title}</span>
      <span className="meta">
        {title.__typename === 'Series' ? 'Series' : 'Movie'}
        {title.releaseYear ? ` · ${title.releaseYear}` : ''} · {title.maturityRating}+
      </span>
    </Link>
  );
}

export function Rail({ name, titles, id }: { name: string; titles: TitleSummary[]; id?: string }) {
  if (titles.length === 0) return null;
  const headingId = `rail-${id ?? name.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="rail" aria-labelledby={headingId}>
      <h2 id={headingId}>{name}</h2>
      <ul>
        {titles.map((t) => (
          <li key={t.id}>
            <TitleCard title={t} />
          </li>
        ))}
      </ul>
    </section>
  );
}
