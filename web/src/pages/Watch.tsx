import { useEffect, useRef, useState } from 'react';
import { ApiError, gql, useQuery, useSession } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { VideoPlayer } from '../components/VideoPlayer';
import { Link, navigate, signInPath, usePageTitle } from '../router';

interface PlaybackSession {
  id: string;
  manifestUrl: string;
  expiresAt: string;
  heartbeatIntervalSeconds: number;
  entitlement: { source: string; expiresAt: string | null } | null;
}

const START = `mutation StartPlayback($contentId: ID!) {
  startPlayback(contentId: $contentId) { id manifestUrl expiresAt heartbeatIntervalSeconds entitlement { source expiresAt } }
}`;
const HEARTBEAT = `mutation Heartbeat($id: ID!, $position: Int) { heartbeat(sessionId: $id, position: $position) { id manifestUrl expiresAt } }`;
const STOP = `mutation StopPlayback($id: ID!, $position: Int) { stopPlayback(sessionId: $id, position: $position) { id status } }`;
// Whichever owner knows the id answers; the others return null.
const WHAT = `query WatchInfo($id: ID!, $language: String) {
  title(id: $id) { title slug }
  channel(id: $id) { name number }
  programme(id: $id) { title(language: $language) channel { name number } }
}`;

interface What {
  title: { title: string; slug: string } | null;
  channel: { name: string; number: number } | null;
  /** A programme that has aired, played as catch-up. */
  programme: { title: string; channel: { name: string; number: number } } | null;
}

/**
 * The player page: starts a playback session when opened (or shows why it is refused), plays the signed
 * stream, heartbeats with the position while open (keeping the session and the resume point alive and the
 * signature fresh) and stops the session when left, so it frees one of the plan's streams at once.
 */
export function Watch({ contentId, from }: { contentId: string; from: number }) {
  const signedIn = useSession() !== null;
  const { data: what } = useQuery<What>(WHAT, { id: contentId, language: navigator.language.split('-')[0] });
  const [playing, setPlaying] = useState<PlaybackSession | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const position = useRef(from);
  const stopped = useRef(false);
  const [stopping, setStopping] = useState(false);

  useEffect(() => {
    if (!signedIn) return navigate(signInPath(), { replace: true });
    let left = false;
    let started: PlaybackSession | null = null;
    stopped.current = false;
    gql<{ startPlayback: PlaybackSession }>(START, { contentId })
      .then(({ startPlayback }) => {
        started = startPlayback;
        if (left) void gql(STOP, { id: startPlayback.id, position: position.current }).catch(() => undefined);
        else setPlaying(startPlayback);
      })
      .catch((e: ApiError) => !left && setError(e));
    return () => {
      left = true;
      if (started && !stopped.current) void gql(STOP, { id: started.id, position: position.current }).catch(() => undefined);
    };
  }, [contentId, signedIn]);

  const sessionId = playing?.id;
  const interval = playing?.heartbeatIntervalSeconds;
  useEffect(() => {
    if (!sessionId || !interval) return;
    const timer = setInterval(
      () => {
        gql<{ heartbeat: Pick<PlaybackSession, 'manifestUrl' | 'expiresAt'> }>(HEARTBEAT, { id: sessionId, position: position.current })
          .then(({ heartbeat }) => setPlaying((p) => p && { ...p, ...heartbeat }))
          .catch((e: ApiError) => {
            setPlaying(null);
            setError(e);
          });
      },
      Math.max(5, interval) * 1000,
    );
    return () => clearInterval(timer);
  }, [sessionId, interval]);

  const programme = what?.programme;
  const name =
    what?.title?.title ??
    (what?.channel ? `${what.channel.number} · ${what.channel.name}` : programme ? `${programme.title} · ${programme.channel.name}` : null);
  usePageTitle(name ?? 'Watch');
  const back = what?.title ? `/title/${what.title.slug}` : what?.channel ? '/live' : programme ? '/guide' : '/';
  // Stopping waits for the session to end, so the page it returns to already offers to resume from here.
  const stop = async () => {
    if (playing) {
      setStopping(true);
      stopped.current = true;
      await gql(STOP, { id: playing.id, position: position.current }).catch(() => undefined);
    }
    navigate(back);
  };

  return (
    <section className="watch" aria-labelledby="watch-heading">
      <h1 id="watch-heading">
        {name ?? 'Watch'} {what?.channel && <span className="badge live">Live</span>}
        {programme && <span className="badge">Catch-up</span>}
      </h1>
      {playing && (
        <div className="player" role="region" aria-label="Now playing">
          <VideoPlayer
            label={name ?? 'Video'}
            manifestUrl={playing.manifestUrl}
            startAt={what?.channel ? 0 : from}
            onPosition={(seconds) => (position.current = seconds)}
            onFatal={(message) => {
              setPlaying(null);
              setError(new ApiError(message, { code: 'STREAM_FAILED' }));
            }}
          />
          <p className="meta">
            {playing.entitlement && <>Watching through your {playing.entitlement.source.toLowerCase()} · </>}
            stream link renewed until {new Date(playing.expiresAt).toLocaleTimeString()}
          </p>
        </div>
      )}
      {error && <ErrorNotice error={error} title="Playback refused" />}
      <p>
        {playing ? (
          <button type="button" onClick={() => void stop()} disabled={stopping}>
            Stop
          </button>
        ) : (
          <Link to={back} className="button">
            Back
          </Link>
        )}
      </p>
    </section>
  );
}
