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

/** How many segments a live playlist lists: a minute, so a player slowed down for a while keeps its place. */
export const LIVE_WINDOW_SEGMENTS = 30;

/**
 * The live playlist at `now`: the last `windowSize` segments of an endless repetition of the packaged loop
 * that started at the Unix epoch. Live segment k (`live-<k>.m4s`) is the loop's segment k mod n, served
 * moved along the timeline by whole loops (see `liveSegment`), so the stream is one continuous timeline:
 * no discontinuities, which hls.js cannot follow once it has fallen behind the window across one.
 * Segments are taken as the loop's target duration long, which packaging guarantees (fixed GOPs).
 */
export function liveWindow(loop: PackagedRendition, now: Date, windowSize = LIVE_WINDOW_SEGMENTS): string {
  const length = loop.targetDuration;
  const newest = newestLiveSegment(loop, now);
  const first = Math.max(0, newest - windowSize + 1);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${length}`, `#EXT-X-MEDIA-SEQUENCE:${first}`, '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (loop.mapUri) lines.push(`#EXT-X-MAP:URI="${loop.mapUri}"`);
  for (let k = first; k <= newest; k++) {
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(k * length * 1000).toISOString()}`);
    lines.push(`#EXTINF:${loop.segments[k % loop.segments.length].duration.toFixed(3)},`, `live-${k}.m4s`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A programme's catch-up: the channel's recording of its airtime, i.e. the live segments from the one
 * playing at `start` to the one playing just before `end`, as a playlist that ends (VOD) once they have all
 * aired, or grows (EVENT) while the programme is still on air.
 */
export function recordingPlaylist(loop: PackagedRendition, start: Date, end: Date, now: Date): string {
  const length = loop.targetDuration;
  const { first, last: final } = recordingSegments(loop, start, end);
  const last = Math.min(final, newestLiveSegment(loop, now));
  const complete = last === final;
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${length}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    `#EXT-X-PLAYLIST-TYPE:${complete ? 'VOD' : 'EVENT'}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
  if (loop.mapUri) lines.push(`#EXT-X-MAP:URI="${loop.mapUri}"`);
  lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(first * length * 1000).toISOString()}`);
  for (let k = first; k <= last; k++) lines.push(`#EXTINF:${loop.segments[k % loop.segments.length].duration.toFixed(3)},`, `live-${k}.m4s`);
  if (complete) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** The live segments a programme's recording is made of: first and last (inclusive). */
export function recordingSegments(loop: PackagedRendition, start: Date, end: Date): { first: number; last: number } {
  return { first: Math.floor(start.getTime() / 1000 / loop.targetDuration), last: Math.ceil(end.getTime() / 1000 / loop.targetDuration) - 1 };
}

/** The live segment being produced at `now` (its number since the epoch). */
export function newestLiveSegment(loop: PackagedRendition, now: Date): number {
  return Math.floor(now.getTime() / 1000 / loop.targetDuration);
}

/**
 * What live segment `name` (`live-<k>.m4s`) is made of: the loop's segment file, and how many seconds later
 * than in the loop it plays (k's whole loops before it). Null for any other name.
 */
export function liveSegment(loop: PackagedRendition, name: string): { uri: string; number: number; shiftSeconds: number } | null {
  const match = /^live-(\d{1,15})\.m4s$/.exec(name);
  if (!match) return null;
  const k = Number(match[1]);
  const n = loop.segments.length;
  return { uri: loop.segments[k % n].uri, number: k, shiftSeconds: Math.floor(k / n) * n * loop.targetDuration };
}
