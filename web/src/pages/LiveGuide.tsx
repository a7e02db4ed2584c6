import { useEffect, useState, type CSSProperties } from 'react';
import { useQuery, useSession } from '../api';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { PlayButton } from '../components/PlayButton';
import { usePageTitle } from '../router';

interface Slot {
  id: string;
  title: string;
  start: string;
  end: string;
  locked?: boolean;
}
interface NowNext {
  channel: { id: string; number: number; name: string; logoUrl: string | null; entitled: boolean };
  now: Slot | null;
  next: Slot | null;
}

// Programme titles in the browser's language when the guide has it (live falls back to the closest one).
const NOW_NEXT = `query LiveGuide($language: String) {
  nowNext {
    channel { id number name logoUrl entitled }
    now { id title(language: $language) start end locked }
    next { id title(language: $language) start end }
  }
}`;

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** A start time as viewers read a guide: the time alone today, with the day and date on any other day. */
function startsAt(iso: string, now: number): string {
  const start = new Date(iso);
  if (start.toDateString() === new Date(now).toDateString()) return time(iso);
  return start.toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function Progress({ slot, now }: { slot: Slot; now: number }) {
  const start = Date.parse(slot.start);
  const share = Math.min(1, Math.max(0, (now - start) / (Date.parse(slot.end) - start)));
  return (
    <div className="progress" role="progressbar" aria-label="Elapsed" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}>
      <div style={{ '--share': share } as CSSProperties} />
    </div>
  );
}

/** The channel's logo, or its number when it has none or the logo cannot be loaded. */
function ChannelLogo({ number, url }: { number: number; url: string | null }) {
  const [broken, setBroken] = useState(false);
  if (!url || broken) return <span className="number">{number}</span>;
  return <img src={url} alt="" loading="lazy" onError={() => setBroken(true)} />;
}

/** Every channel with what is on now and next; refreshed every minute so the guide rolls over by itself. */
export function LiveGuide() {
  const signedIn = useSession() !== null;
  usePageTitle('Live TV');
  const { data, error, loading, refetch } = useQuery<{ nowNext: NowNext[] }>(NOW_NEXT, { language: navigator.language.split('-')[0] });
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
      refetch();
    }, 60_000);
    return () => clearInterval(timer);
  }, [refetch]);

  if (error) return <ErrorNotice error={error} title="The guide could not be loaded" />;
  if (!data) return loading ? <Loading what="the guide" /> : null;
  return (
    <section className="guide" aria-labelledby="guide-heading">
      <h1 id="guide-heading">Live TV</h1>
      {data.nowNext.length === 0 && <p className="empty">No channels yet. Editors add them or import an XMLTV guide.</p>}
      <ul>
        {data.nowNext.map(({ channel, now: on, next }) => (
          <li key={channel.id} className="channel" aria-label={`${channel.number} ${channel.name}`}>
            <div className="channel-id">
              <ChannelLogo number={channel.number} url={channel.logoUrl} />
              <strong>{channel.name}</strong>
            </div>
            <div className="slot now">
              <span className="label">Now</span>
              {on ? (
                <>
                  <span className="slot-title">{on.locked ? 'Restricted programme' : on.title}</span>
                  <span className="meta">
                    {time(on.start)}–{time(on.end)}
                  </span>
                  <Progress slot={on} now={now} />
                </>
              ) : (
                <span className="meta">No programme information</span>
              )}
            </div>
            <div className="slot next">
              <span className="label">Next</span>
              {next ? (
                <>
                  <span className="slot-title">{next.title}</span>
                  <span className="meta">
                    <time dateTime={next.start}>{startsAt(next.start, now)}</time>
                  </span>
                </>
              ) : (
                <span className="meta">—</span>
              )}
            </div>
            {channel.entitled || !signedIn ? <PlayButton contentId={channel.id} label="Watch live" /> : <span className="meta">Not in your plan</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
