/**
 * HLS playlists as the origin serves them: every URI signed with the session's query, and live channels as
 * a sliding window over a packaged loop, advanced by the clock, so every viewer of a channel sees the same
 * present moment and a player that reloads the playlist finds the next segments appear.
 */

export interface MediaSegment {
  duration: number;
  uri: string;
}

/** A packaged (VOD) rendition playlist, reduced to what a live window is made from. */
export interface PackagedRendition {
  targetDuration: number;
  /** The fMP4 initialization section (`#EXT-X-MAP`), when the segments are fMP4. */
  mapUri: string | null;
  segments: MediaSegment[];
}

/** Appends the signed query to every URI of a playlist: URI lines and `URI="…"` attributes. */
export function signPlaylistUris(playlist: string, query: string): string {
  const sign = (uri: string) => `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
  return playlist
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed === '') return line;
      if (!trimmed.startsWith('#')) return sign(trimmed);
      return line.replace(/URI="([^"]+)"/g, (_, uri: string) => `URI="${sign(uri)}"`);
    })
    .join('\n');
}

export function parsePackagedRendition(playlist: string): PackagedRendition {
  const lines = playlist.split('\n').map((l) => l.trim());
  const targetDuration = Number(lines.find((l) => l.startsWith('#EXT-X-TARGETDURATION:'))?.split(':')[1]);
  const map = lines.find((l) => l.startsWith('#EXT-X-MAP:'));
  const segments: MediaSegment[] = [];
  let duration: number | null = null;
  for (const line of lines) {
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice('#EXTINF:'.length));
    else if (line && !line.startsWith('#') && duration !== null) {
      segments.push({ duration, uri: line });
      duration = null;
    }
  }
  if (!Number.isFinite(targetDuration) || segments.length === 0) throw new Error('not a media playlist with segments');
  return { targetDuration, mapUri: map ? (/URI="([^"]+)"/.exec(map)?.[1] ?? null) : null, segments };
}

/**
 * The live playlist at `now`: the last `windowSize` segments of an endless repetition of the packaged loop
 * that started at the Unix epoch. Segment k plays the loop's segment k mod n; each restart of the loop is a
 * discontinuity (its timestamps start again), which the discontinuity sequence counts as the window slides.
 * Segments are taken as the loop's target duration long, which packaging guarantees (fixed GOPs).
 */
export function liveWindow(loop: PackagedRendition, now: Date, windowSize = 6): string {
  const n = loop.segments.length;
  const length = loop.targetDuration;
  const newest = Math.floor(now.getTime() / 1000 / length);
  const first = Math.max(0, newest - windowSize + 1);
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${length}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(first / n)}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  if (loop.mapUri) lines.push(`#EXT-X-MAP:URI="${loop.mapUri}"`);
  for (let k = first; k <= newest; k++) {
    if (k !== first && k % n === 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(k * length * 1000).toISOString()}`);
    lines.push(`#EXTINF:${loop.segments[k % n].duration.toFixed(3)},`, loop.segments[k % n].uri);
  }
  return `${lines.join('\n')}\n`;
}
