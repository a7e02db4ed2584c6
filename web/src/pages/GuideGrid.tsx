import { useEffect, useRef, useState } from 'react';
import { useQuery, useSession } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Link, usePageTitle } from '../router';

interface GridProgramme {
  id: string;
  title: string;
  subtitle: string | null;
  description: string | null;
  categories: string[];
  episodeNum: string | null;
  rating: string | null;
  start: string;
  end: string;
  entitled: boolean;
}
interface GridRow {
  channel: { id: string; number: number; name: string; entitled: boolean };
  programmes: GridProgramme[];
}

const SCHEDULE = `query GuideGrid($from: DateTime!, $to: DateTime!, $language: String) {
  schedule(from: $from, to: $to) {
    channel { id number name entitled }
    programmes {
      id title(language: $language) subtitle(language: $language) description(language: $language)
      categories(language: $language) episodeNum rating start end entitled
    }
  }
}`;

const HOUR = 3_600_000;
const WINDOW_HOURS = 4;
const DAYS_AHEAD = 7;

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const date = (ms: number) => new Date(ms).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' });
const dayLabel = (offset: number, ms: number) => (offset === 0 ? 'Today' : offset === 1 ? 'Tomorrow' : date(ms));
const sameDay = (a: number, b: number) => new Date(a).toDateString() === new Date(b).toDateString();
/** A time, with its date in front when it is not today's. */
const when = (ms: number, now: number) => (sameDay(ms, now) ? time(ms) : `${date(ms)}, ${time(ms)}`);

interface Selected {
  programme: GridProgramme;
  channel: GridRow['channel'];
}

/** The programme chosen in the grid: what it is, when, and how to watch it (live, catch-up) or why not. */
function ProgrammeDetails({ selected, now, signedIn, onClose }: { selected: Selected; now: number; signedIn: boolean; onClose: () => void }) {
  const { programme: p, channel } = selected;
  // Below a long guide the details would open out of sight: they are brought into view, focus on their heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [p.id]);
  const start = Date.parse(p.start);
  const end = Date.parse(p.end);
  const onAir = start <= now && now < end;
  const aired = end <= now;
  const extra = [p.episodeNum, ...p.categories, p.rating].filter(Boolean).join(' · ');
  let action;
  if (onAir && (channel.entitled || !signedIn))
    action = (
      <Link to={`/watch/${channel.id}`} className="button">
        ▶ Watch live
      </Link>
    );
  else if (aired && p.entitled)
    action = (
      <Link to={`/watch/${p.id}`} className="button">
        ↺ Catch up
      </Link>
    );
  else if (aired) action = <p className="meta">Not available to watch again.</p>;
  else if (onAir) action = <p className="meta">{channel.name} is not in your plan.</p>;
  else action = <p className="meta">Starts {when(start, now)}.</p>;
  return (
    <section className="programme-details" role="region" aria-label="Programme details">
      <h2 ref={heading} tabIndex={-1}>
        {p.title}
      </h2>
      {p.subtitle && <p className="subtitle">{p.subtitle}</p>}
      <p className="meta">
        {channel.number} {channel.name} · {when(start, now)}–{time(end)}
        {onAir && ' · on air'}
      </p>
      {extra && <p className="meta">{extra}</p>}
      {p.description && <p>{p.description}</p>}
      {action}
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

/** Where the window starts: the half hour before now today, or 18:00 (prime time) on a later day. */
function windowStart(dayOffset: number, now: number): number {
  if (dayOffset === 0) return Math.floor((now - HOUR / 2) / (HOUR / 2)) * (HOUR / 2);
  const day = new Date(now);
  day.setHours(18, 0, 0, 0);
  return day.getTime() + dayOffset * 24 * HOUR;
}

/**
 * The programme guide as a grid: channels down, time across, a line at the present moment. A programme on
 * air on a channel the viewer may watch opens the channel live; one that has aired and is still within the
 * channel's catch-up window (rights says `entitled`) opens as catch-up.
 */
export function GuideGrid() {
  usePageTitle('TV guide');
  const signedIn = useSession() !== null;
  const [now, setNow] = useState(Date.now);
  const [day, setDay] = useState(0);
  const [shift, setShift] = useState(0);
  const [selected, setSelected] = useState<Selected | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  // The window moves in whole half hours only, so the query does not change with every tick of the clock.
  const from = windowStart(day, now) + shift * 2 * HOUR;
  const to = from + WINDOW_HOURS * HOUR;
  const { data, error, loading } = useQuery<{ schedule: GridRow[] }>(SCHEDULE, {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    language: navigator.language.split('-')[0],
  });
  const at = (ms: number) => Math.min(100, Math.max(0, ((ms - from) / (to - from)) * 100));
  const ticks = Array.from({ length: WINDOW_HOURS * 2 }, (_, i) => from + (i * HOUR) / 2);
  // Another day's window says which day it is.
  const span = `${time(from)} to ${time(to)}${sameDay(from, now) ? '' : `, ${date(from)}`}`;

  return (
    <section className="grid-guide" aria-labelledby="grid-heading">
      <h1 id="grid-heading">TV guide</h1>
      <p>
        <Link to="/live">What is on now</Link>
      </p>
      <div className="grid-controls" role="group" aria-label="Day">
        {Array.from({ length: DAYS_AHEAD }, (_, offset) => (
          <button
            key={offset}
            type="button"
            aria-pressed={day === offset}
            onClick={() => {
              setDay(offset);
              setShift(0);
            }}
          >
            {dayLabel(offset, now + offset * 24 * HOUR)}
          </button>
        ))}
        <button type="button" onClick={() => setShift((s) => s - 1)} aria-label="Two hours earlier">
          ‹ Earlier
        </button>
        <button type="button" onClick={() => setShift((s) => s + 1)} aria-label="Two hours later">
          Later ›
        </button>
      </div>
      {error && <ErrorNotice error={error} title="The guide could not be loaded" />}
      {!data && loading && <Loading what="the guide" />}
      {data && (
        <p className="meta grid-span" aria-hidden="true">
          {span}
        </p>
      )}
      {data && (
        <div className="guide-table" role="table" aria-label={`Guide from ${span}`}>
          <div className="grid-row grid-times" role="row">
            <span className="grid-channel" role="columnheader">
              Channel
            </span>
            <div className="grid-track" role="columnheader" aria-label="Time">
              {ticks.map((t) => (
                <span key={t} className="grid-tick" style={{ left: `${at(t)}%` }}>
                  {time(t)}
                </span>
              ))}
            </div>
          </div>
          {data.schedule.map(({ channel, programmes }) => (
            <div key={channel.id} className="grid-row" role="row" aria-label={`${channel.number} ${channel.name}`}>
              <span className="grid-channel" role="rowheader">
                <span className="number">{channel.number}</span> {channel.name}
              </span>
              <div className="grid-track" role="cell">
                {now >= from && now < to && <span className="now-line" style={{ left: `${at(now)}%` }} aria-hidden="true" />}
                {programmes.map((p) => {
                  const start = Date.parse(p.start);
                  const end = Date.parse(p.end);
                  const onAir = start <= now && now < end;
                  const aired = end <= now;
                  const label = `${p.title}, ${time(start)}–${time(end)}`;
                  const place = { left: `${at(start)}%`, width: `${at(end) - at(start)}%` };
                  const className = `grid-programme${onAir ? ' on-air' : ''}${aired ? ' aired' : ''}`;
                  const chosen = selected?.programme.id === p.id;
                  return (
                    <button
                      key={p.id}
                      type="button"
                      className={`${className}${chosen ? ' chosen' : ''}`}
                      style={place}
                      title={label}
                      aria-expanded={chosen}
                      onClick={() => setSelected(chosen ? null : { programme: p, channel })}
                    >
                      <span className="grid-title">{p.title}</span>
                      <span className="meta">
                        {time(start)}–{time(end)}
                        {onAir ? ' · on air' : aired ? ' · aired' : ''}
                      </span>
                    </button>
                  );
                })}
              </div>
            </div>
          ))}
        </div>
      )}
      {selected && <ProgrammeDetails selected={selected} now={now} signedIn={signedIn} onClose={() => setSelected(null)} />}
    </section>
  );
}
