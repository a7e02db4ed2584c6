/**
 * A minimal edge for signed manifest URLs, so the project ships the verifier it signs for: a CDN would run
 * the same check (domain/manifest-signature.ts) with the same secret. Refusals are 403 with the reason.
 */
import type { Express } from 'express';
import { verifyManifestUrl } from './domain/manifest-signature';

export function mountManifestEdge(app: Express, secret: string, now: () => Date = () => new Date()) {
  app.get('/manifests/:contentId/master.m3u8', (req, res) => {
    const check = verifyManifestUrl(req.originalUrl, secret, now());
    if (!check.valid) {
      res.status(403).json({ error: 'FORBIDDEN', reason: check.reason });
      return;
    }
    // A real edge would now serve the packaged stream; the master playlist names its renditions.
    res.type('application/vnd.apple.mpegurl').send(
      ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1920x1080', '1080p/index.m3u8', '#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720', '720p/index.m3u8', ''].join('\n'),
    );
  });
}
