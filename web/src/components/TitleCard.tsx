import { useRef, type KeyboardEvent } from 'react';
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
    <Link to={`/title/${encodeURIComponent(title.slug)}`} className="card">
      <Poster artwork={title.artwork} />
      <span className="card-title">{title.title}</span>
      <span className="meta">
        {title.__typename === 'Series' ? 'Series' : 'Movie'}
        {title.releaseYear ? ` · ${title.releaseYear}` : ''} · {title.maturityRating}+
      </span>
    </Link>
  );
}

/**
 * A horizontal row of titles: the buttons scroll it by a screenful, and the arrow keys (Home, End) move
 * between its cards, scrolling the focused one into view.
 */
export function Rail({ name, titles, id }: { name: string; titles: TitleSummary[]; id?: string }) {
  const list = useRef<HTMLUListElement>(null);
  if (titles.length === 0) return null;
  const headingId = `rail-${id ?? name.replace(/\W+/g, '-').toLowerCase()}`;
  const scroll = (direction: 1 | -1) => list.current?.scrollBy({ left: direction * list.current.clientWidth * 0.9, behavior: 'smooth' });
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const cards = [...(list.current?.querySelectorAll<HTMLAnchorElement>('a.card') ?? [])];
    const at = cards.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    const target = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: cards.length - 1 }[event.key];
    if (target === undefined || !cards[target]) return;
    event.preventDefault();
    cards[target].focus();
    cards[target].scrollIntoView({ block: 'nearest', inline: 'nearest' });
  };
  return (
    <section className="rail" aria-labelledby={headingId}>
      <div className="rail-head">
        <h2 id={headingId}>{name}</h2>
        <button type="button" aria-label={`Scroll ${name} back`} onClick={() => scroll(-1)}>
          ‹
        </button>
        <button type="button" aria-label={`Scroll ${name} forward`} onClick={() => scroll(1)}>
          ›
        </button>
      </div>
      <ul ref={list} onKeyDown={onKeyDown}>
        {titles.map((t) => (
          <li key={t.id}>
            <TitleCard title={t} />
          </li>
        ))}
      </ul>
    </section>
  );
}
