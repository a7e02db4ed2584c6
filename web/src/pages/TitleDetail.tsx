import { useQuery, useSession } from '../api';
import { Checkout } from '../components/Checkout';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { PlayButton } from '../components/PlayButton';
import { Poster, type Artwork } from '../components/Poster';
import { Link, usePageTitle } from '../router';

interface Money {
  formatted: string;
}
interface Offer {
  id: string;
  kind: 'RENT' | 'BUY';
  price: Money;
  rentalStartWindowHours: number | null;
  rentalPlayWindowHours: number | null;
}
interface Plan {
  id: string;
  name: string;
  description: string;
  price: Money;
  billingPeriod: 'MONTH' | 'YEAR';
  maxConcurrentStreams: number;
}
interface Entitlement {
  source: string;
  expiresAt: string | null;
}
interface Episode {
  id: string;
  title: string;
  episodeNumber: number;
  synopsis: string;
  entitled: boolean;
  resumePosition: number | null;
}
interface Title {
  __typename: 'Movie' | 'Series';
  id: string;
  title: string;
  originalTitle: string | null;
  synopsis: string;
  releaseYear: number | null;
  maturityRating: number;
  genres: { slug: string; name: string }[];
  artwork: Artwork[];
  credits: { name: string; role: 'CAST' | 'DIRECTOR' | 'WRITER' | 'PRODUCER' | 'CREATOR' }[];
  entitled: boolean;
  entitlement: Entitlement | null;
  offers: Offer[];
  resumePosition?: number | null;
  video?: { durationSeconds: number | null } | null;
  seasons?: { id: string; number: number; episodes: Episode[] }[];
}

// `entitled`, `entitlement` and `offers` come from rights, the rest from catalog: one request, two subgraphs.
const RIGHTS_FIELDS = `entitled entitlement { source expiresAt }
  offers { id kind price { formatted } rentalStartWindowHours rentalPlayWindowHours }`;
const TITLE = `query TitleDetail($slug: String!) {
  title(slug: $slug) {
    __typename id title originalTitle synopsis releaseYear maturityRating
    genres { slug name } artwork { kind url } credits { name role }
    ... on Movie { ${RIGHTS_FIELDS} resumePosition video { durationSeconds } }
    ... on Series { ${RIGHTS_FIELDS} seasons { id number episodes { id title episodeNumber synopsis entitled resumePosition } } }
  }
  plans { id name description price { formatted } billingPeriod maxConcurrentStreams }
}`;

const SOURCES: Record<string, string> = {
  FREE: 'free with your account',
  SUBSCRIPTION: 'included in your subscription',
  RENTAL: 'rented',
  PURCHASE: 'bought',
  GRANT: 'granted to you',
};

function EntitlementBadge({ title, signedIn }: { title: Title; signedIn: boolean }) {
  if (title.entitled && title.entitlement) {
    const until = title.entitlement.expiresAt ? ` until ${new Date(title.entitlement.expiresAt).toLocaleString()}` : '';
    return (
      <p className="entitlement yes" data-testid="entitlement">
        ✓ You can watch this: {SOURCES[title.entitlement.source] ?? title.entitlement.source.toLowerCase()}
        {until}
      </p>
    );
  }
  return (
    <p className="entitlement no" data-testid="entitlement">
      {signedIn ? 'Not entitled: subscribe or rent to watch' : 'Sign in to see whether you can watch this'}
    </p>
  );
}

function Offers({ offers, onBought }: { offers: Offer[]; onBought: () => void }) {
  if (offers.length === 0) return null;
  return (
    <section className="offers" aria-labelledby="offers-heading">
      <h2 id="offers-heading">Rent or buy</h2>
      <ul>
        {offers.map((o) => (
          <li key={o.id} className="offer">
            <div>
              <strong>{o.kind === 'RENT' ? 'Rent' : 'Buy'}</strong> <span className="price">{o.price.formatted}</span>
              {o.kind === 'RENT' && (
                <p className="meta">
                  {o.rentalStartWindowHours ? `${Math.round(o.rentalStartWindowHours / 24)} days to start, ` : ''}
                  {o.rentalPlayWindowHours ?? 48} hours to finish once started
                </p>
              )}
              {o.kind === 'BUY' && <p className="meta">Yours to keep</p>}
            </div>
            <Checkout kind="offer" id={o.id} label={`${o.kind === 'RENT' ? 'Rent' : 'Buy'} for ${o.price.formatted}`} onDone={onBought} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Plans({ plans, onSubscribed }: { plans: Plan[]; onSubscribed: () => void }) {
  if (plans.length === 0) return null;
  return (
    <section className="plans" aria-labelledby="plans-heading">
      <h2 id="plans-heading">Subscription plans</h2>
      <ul>
        {plans.map((p) => (
          <li key={p.id} className="plan">
            <strong>{p.name}</strong>
            <span className="price">
              {p.price.formatted} / {p.billingPeriod === 'MONTH' ? 'month' : 'year'}
            </span>
            <p className="meta">
              {p.description} {p.maxConcurrentStreams} stream{p.maxConcurrentStreams === 1 ? '' : 's'} at once.
            </p>
            <Checkout kind="plan" id={p.id} label={`Subscribe to ${p.name}`} onDone={onSubscribed} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TitleDetail({ slug }: { slug: string }) {
  const signedIn = useSession() !== null;
  const { data, error, loading, refetch } = useQuery<{ title: Title | null; plans: Plan[] }>(TITLE, { slug });
  usePageTitle(data ? (data.title?.title ?? 'Not available') : null);
  if (error) return <ErrorNotice error={error} title="This title could not be loaded" />;
  if (!data) return loading ? <Loading what="the title" /> : null;
  const { title, plans } = data;
  if (!title) {
    return (
      <section className="empty">
        <h1>Not available</h1>
        <p>
          This title does not exist or is not available right now. <Link to="/">Back to the home screen</Link>
        </p>
      </section>
    );
  }
  const credited = (role: string) => title.credits.filter((c) => c.role === role).map((c) => c.name);
  const [directors, cast, creators, writers] = ['DIRECTOR', 'CAST', 'CREATOR', 'WRITER'].map(credited);
  const minutes = title.video?.durationSeconds ? Math.round(title.video.durationSeconds / 60) : null;
  return (
    <article className="detail">
      <Poster artwork={title.artwork} large />
      <div className="info">
        <h1>{title.title}</h1>
        <p className="meta">
          {title.__typename === 'Series' ? 'Series' : 'Movie'}
          {title.releaseYear ? ` · ${title.releaseYear}` : ''}
          {minutes ? ` · ${minutes} min` : ''} · <span className="rating">{title.maturityRating}+</span>
          {title.genres.map((g, i) => (
            <span key={g.slug}>
              {i === 0 ? ' · ' : ', '}
              <Link to={`/genre/${encodeURIComponent(g.slug)}`}>{g.name}</Link>
            </span>
          ))}
        </p>
        {title.originalTitle && title.originalTitle !== title.title && <p className="meta">Original title: {title.originalTitle}</p>}
        <p className="synopsis">{title.synopsis}</p>
        {creators.length > 0 && <p className="meta">Created by {creators.join(', ')}</p>}
        {directors.length > 0 && <p className="meta">Directed by {directors.join(', ')}</p>}
        {writers.length > 0 && <p className="meta">Written by {writers.join(', ')}</p>}
        {cast.length > 0 && <p className="meta">With {cast.slice(0, 6).join(', ')}</p>}
        <EntitlementBadge title={title} signedIn={signedIn} />
        {title.__typename === 'Movie' && (title.entitled || !signedIn) && <PlayButton contentId={title.id} resumeAt={title.resumePosition} />}
        {!title.entitled && (
          <>
            <Offers offers={title.offers} onBought={refetch} />
            <Plans plans={plans} onSubscribed={refetch} />
          </>
        )}
        {title.seasons?.map((season) => (
          <section key={season.id} className="season" aria-label={`Season ${season.number}`}>
            <h2>Season {season.number}</h2>
            <ol>
              {season.episodes.map((e) => (
                <li key={e.id} className="episode">
                  <div>
                    <strong>
                      {e.episodeNumber}. {e.title}
                    </strong>
                    <p className="meta">{e.synopsis}</p>
                  </div>
                  {(e.entitled || !signedIn) && <PlayButton contentId={e.id} resumeAt={e.resumePosition} />}
                </li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </article>
  );
}
