/**
 * The media origin: serves the packaged streams (scripts/media) under `/manifests/<contentId>/…` to whoever
 * holds a signed URL for a session still playing. A CDN edge can run the same signature check
 * (domain/manifest-signature.ts) with the same secret; the session check is what makes a copied segment URL
 * stop working as soon as its session stops, not only at its expiry. Refusals are 403 with the reason.
 * Films and episodes play the packaged film; channels play the live loop as a sliding window advanced by the
 * clock, one continuous timeline (each pass of the loop moved after the last); programmes (catch-up) replay
 * their airtime from that timeline, the channel's recording.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Express, Response } from 'express';
import { verifyManifestUrl } from './domain/manifest-signature';
import type { StreamingContent } from './playback-manager';
import { shiftSegment, trackTimescales } from './domain/fmp4';
import {
  LIVE_WINDOW_SEGMENTS,
  liveSegment,
  liveWindow,
  newestLiveSegment,
  parsePackagedRendition,
  recordingPlaylist,
  recordingSegments,
  signPlaylistUris,
  type PackagedRendition,
} from './domain/hls';

export interface MediaOriginOptions {
  secret: string;
  /** Where scripts/media/package-media.ts put the streams (`vod/`, `live/`). */
  mediaDir: string;
  /** What the session streams while it may still stream; null once stopped, expired or unknown. */
  streamingContent: (sessionId: string, contentId: string, now: Date) => Promise<StreamingContent | null>;
  now?: () => Date;
}

const PLAYLIST = 'application/vnd.apple.mpegurl';

/** A rendition of the live loop: its packaged playlist and its tracks' timescales (for moving segments). */
interface LiveLoop {
  playlist: PackagedRendition;
  timescales: Map<number, number>;
}
const MEDIA_TYPES: Record<string, string> = { m4s: 'video/iso.segment', mp4: 'video/mp4' };

export function mountManifestEdge(app: Express, options: MediaOriginOptions) {
  const now = options.now ?? (() => new Date());
  const loops = new Map<string, Promise<LiveLoop>>();
  const liveLoop = (rendition: string) => {
    let loop = loops.get(rendition);
    if (!loop) {
      const folder = join(options.mediaDir, 'live', rendition);
      loop = readFile(join(folder, 'index.m3u8'), 'utf8').then(async (text) => {
        const playlist = parsePackagedRendition(text);
        const timescales = playlist.mapUri ? trackTimescales(await readFile(join(folder, playlist.mapUri))) : new Map<number, number>();
        return { playlist, timescales };
      });
      loop.catch(() => loops.delete(rendition));
      loops.set(rendition, loop);
    }
    return loop;
  };
  const refuse = (res: Response, status: number, reason: string) =>
    res
      .status(status)
      .set('cache-control', 'no-store')
      .json({ error: status === 403 ? 'FORBIDDEN' : 'NOT_FOUND', reason });

  app.get(/^\/manifests\/.+/, async (req, res) => {
    // Signed URLs are the credential, so any page may play them.
    res.set('access-control-allow-origin', '*');
    const at = now();
    const check = verifyManifestUrl(req.originalUrl, options.secret, at);
    if (!check.valid) return void refuse(res, 403, check.reason);
    const content = await options.streamingContent(check.sessionId, check.contentId, at);
    if (!content) return void refuse(res, 403, 'SESSION_ENDED');

    // Channels play the live loop; programmes replay their airtime from it (catch-up); titles play the film.
    const airtime = content.airtime;
    const folder = content.type === 'CHANNEL' || airtime ? 'live' : 'vod';
    const [rendition, file] = check.file.includes('/') ? check.file.split('/') : [null, check.file];
    const query = new URL(req.originalUrl, 'http://origin.invalid').search.slice(1);
    try {
      const loop = folder === 'live' && rendition ? await liveLoop(rendition) : null;
      if (file.endsWith('.m3u8')) {
        const playlist = !loop
          ? await readFile(join(options.mediaDir, folder, check.file), 'utf8')
          : airtime
            ? recordingPlaylist(loop.playlist, airtime.start, airtime.end, at)
            : liveWindow(loop.playlist, at);
        res.set({ 'content-type': PLAYLIST, 'cache-control': 'no-store' }).send(signPlaylistUris(playlist, query));
        return;
      }
      const live = loop && liveSegment(loop.playlist, file);
      let body: Buffer;
      if (live) {
        // Only what has aired is served: a channel's window (later segments are not made yet, older ones are
        // gone), or a programme's airtime.
        const newest = newestLiveSegment(loop.playlist, at);
        const recorded = airtime && recordingSegments(loop.playlist, airtime.start, airtime.end);
        const from = recorded ? recorded.first : newest - 2 * LIVE_WINDOW_SEGMENTS + 1;
        const to = recorded ? Math.min(recorded.last, newest) : newest;
        if (live.number < from || live.number > to) return void refuse(res, 404, 'NOT_ON_AIR');
        body = shiftSegment(await readFile(join(options.mediaDir, folder, rendition!, live.uri)), live.shiftSeconds, loop.timescales);
      } else body = await readFile(join(options.mediaDir, folder, check.file));
      res.set({ 'content-type': MEDIA_TYPES[file.split('.').pop()!], 'cache-control': 'no-store' }).send(body);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      refuse(res, 404, 'NOT_PACKAGED');
    }
  });
}
