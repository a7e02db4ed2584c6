import { useEffect, useState } from 'react';
import { ApiError, gql, useSession } from '../api';
import { navigate, signInPath } from '../router';
import { ErrorNotice } from './ErrorNotice';

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
const HEARTBEAT = `mutation Heartbeat($id: ID!) { heartbeat(sessionId: $id) { id status } }`;
const STOP = `mutation StopPlayback($id: ID!) { stopPlayback(sessionId: $id) { id status } }`;

/**
 * Asks rights for a playback session (`startPlayback`): a signed manifest URL when the viewer may watch,
 * or a refusal whose code (NOT_ENTITLED, STREAM_LIMIT_REACHED, MATURITY_RESTRICTED…) is shown as is.
 * While playing it heartbeats; stopping frees the stream for the plan's concurrency cap.
 */
export function PlayButton({ contentId, label = 'Play', onPlaying }: { contentId: string; label?: string; onPlaying?: () => void }) {
  const session = useSession();
  const [playing, setPlaying] = useState<PlaybackSession | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      gql(HEARTBEAT, { id: playing.id }).catch((e: ApiError) => {
        setPlaying(null);
        setError(e);
      });
    }, Math.max(5, playing.heartbeatIntervalSeconds) * 1000);
    return () => clearInterval(timer);
  }, [playing]);

  // Stop, or leaving the page, ends the session, so it does not hold one of the plan's streams until it expires.
  useEffect(() => {
    if (!playing) return;
    return () => void gql(STOP, { id: playing.id }).catch(() => undefined);
  }, [playing]);

  const start = async () => {
    if (!session) return navigate(signInPath());
    setBusy(true);
    setError(null);
    try {
      const { startPlayback } = await gql<{ startPlayback: PlaybackSession }>(START, { contentId });
      setPlaying(startPlayback);
      onPlaying?.();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="play">
      {playing ? (
        <div className="player" role="status" aria-label="Now playing">
          <div className="screen">▶ Playing</div>
          <p className="meta">
            {playing.entitlement && <>Watching through your {playing.entitlement.source.toLowerCase()} · </>}
            stream link valid until {new Date(playing.expiresAt).toLocaleTimeString()}
          </p>
          <p className="manifest">
            <a href={playing.manifestUrl} target="_blank" rel="noreferrer">
              Signed stream manifest
            </a>
          </p>
          <button type="button" onClick={() => setPlaying(null)}>
            Stop
          </button>
        </div>
      ) : (
        <button type="button" className="primary play-button" onClick={() => void start()} disabled={busy}>
          ▶ {session ? label : `Sign in to ${label.toLowerCase()}`}
        </button>
      )}
      {error && <ErrorNotice error={error} title="Playback refused" />}
    </div>
  );
}
