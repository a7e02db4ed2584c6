// hls.js's light build: our streams are clear (no DRM), with one audio track and no subtitles, which is all it
// leaves out; the full build would make the player's lazily loaded chunk half a megabyte.
import Hls from 'hls.js/light';
import { useEffect, useId, useRef, useState } from 'react';

/** The signature query (session, exp, sig) of a signed URL: the part each heartbeat renews. */
const SIGNED_PARAMS = ['session', 'exp', 'sig'];

function withSignature(url: string, signedUrl: string): string {
  const target = new URL(url);
  const source = new URL(signedUrl);
  for (const name of SIGNED_PARAMS) target.searchParams.set(name, source.searchParams.get(name) ?? '');
  return target.toString();
}

export interface VideoPlayerProps {
  /** The signed master playlist; a newer one (from a heartbeat) re-signs the requests that follow. */
  manifestUrl: string;
  /** Seconds to start from (a resume position); ignored for live streams. */
  startAt?: number;
  /** Called as playback advances, with the position in whole seconds. */
  onPosition?: (seconds: number) => void;
  /** The stream refused to load (the session ended, the signature expired…). */
  onFatal?: (message: string) => void;
  label: string;
}

/**
 * A `<video>` playing HLS through hls.js (Media Source Extensions), or natively where the browser plays HLS
 * itself (Safari). Every playlist and segment request carries the newest signature, so a stream outlives
 * the first URL's expiry as long as the session heartbeats.
 */
export function VideoPlayer({ manifestUrl, startAt = 0, onPosition, onFatal, label }: VideoPlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const latest = useRef(manifestUrl);
  latest.current = manifestUrl;
  const callbacks = useRef({ onPosition, onFatal });
  callbacks.current = { onPosition, onFatal };
  // The first URL of the session starts the player; later ones only renew the signature.
  const first = useRef(manifestUrl);
  const player = useRef<Hls | null>(null);
  // The master playlist's renditions (by height), the one asked for (-1: chosen by bandwidth) and the one playing.
  const [heights, setHeights] = useState<number[]>([]);
  const [chosen, setChosen] = useState(-1);
  const [showing, setShowing] = useState<number | null>(null);
  const qualityId = useId();

  useEffect(() => {
    const element = video.current!;
    const report = () => callbacks.current.onPosition?.(Math.floor(element.currentTime));
    element.addEventListener('timeupdate', report);
    let hls: Hls | null = null;
    if (Hls.isSupported()) {
      hls = new Hls({
        // A worker would be built from a blob: URL, which the content security policy refuses.
        enableWorker: false,
        startPosition: startAt > 0 ? startAt : -1,
        xhrSetup: (xhr, url) => xhr.open('GET', withSignature(url, latest.current), true),
      });
      hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => setHeights(data.levels.map((level) => level.height)));
      hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => setShowing(data.level));
      hls.on(Hls.Events.ERROR, (_, data) => {
        if (data.fatal) callbacks.current.onFatal?.(`The stream stopped (${data.details})`);
      });
      hls.loadSource(first.current);
      hls.attachMedia(element);
      player.current = hls;
    } else {
      element.src = first.current;
      if (startAt > 0) element.currentTime = startAt;
    }
    // Autoplay with sound is refused on a page the viewer has not interacted with: start muted then.
    void element.play().catch(() => {
      element.muted = true;
      return element.play().catch(() => undefined);
    });
    return () => {
      element.removeEventListener('timeupdate', report);
      hls?.destroy();
      player.current = null;
    };
  }, [startAt]);

  const choose = (level: number) => {
    setChosen(level);
    // At once: what is buffered in the other rendition is dropped, so the choice shows within a segment.
    if (player.current) player.current.currentLevel = level;
  };

  return (
    <>
      <video ref={video} className="video" controls playsInline aria-label={label} />
      {heights.length > 1 && (
        <p className="quality">
          <label htmlFor={qualityId}>Quality</label>{' '}
          <select id={qualityId} value={chosen} onChange={(event) => choose(Number(event.target.value))}>
            <option value={-1}>Auto</option>
            {heights.map((height, level) => (
              <option key={level} value={level}>
                {height}p
              </option>
            ))}
          </select>{' '}
          <output aria-label="Rendition playing">{showing === null ? '' : `${heights[showing]}p`}</output>
        </p>
      )}
    </>
  );
}
