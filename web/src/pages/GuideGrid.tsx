import { useEffect, useState } from 'react';
import { useQuery, useSession } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { Link, usePageTitle } from '../router';

interface GridProgramme {
  id: string;
  title: string;
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
    programmes { id title(language: $language) start end entitled }
  }
}`;

const HOUR = 3_600_000;
const WINDOW_HOURS = 4;
const DAYS_AHEAD = 7;

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const dayLabel = (offset: number, ms: number) =>
  offset === 0 ? 'Today' : offset === 1 ? 'Tomorrow' : new Date(ms).toLocaleDateString([], { weekday: 'short', day: 'numeric', month: 'short' });

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
        <div className="guide-table" role="table" aria-label={`Guide from ${time(from)} to ${time(to)}`}>
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
                  const link = onAir && (channel.entitled || !signedIn) ? `/watch/${channel.id}` : aired && p.entitled ? `/watch/${p.id}` : null;
                  return link ? (
                    <Link key={p.id} to={link} className={className} style={place} title={label} aria-label={`${onAir ? 'Watch live' : 'Catch up'}: ${label}`}>
                      <span className="grid-title">{p.title}</span>
                      <span className="meta">{onAir ? '▶ Watch live' : '↺ Catch up'}</span>
                    </Link>
                  ) : (
                    <div key={p.id} className={className} style={place} title={label}>
                      <span className="grid-title">{p.title}</span>
                      <span className="meta">{time(start)}</span>
                    </div>
                  );
                })}
              </div>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
