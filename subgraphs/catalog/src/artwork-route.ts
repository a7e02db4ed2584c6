import type { Express } from 'express';
import type { ArtworkStore } from './data/artwork-store';
import { extensionOf, parseImageFileName } from './domain/artwork';

/**
 * An image is a document of its own when opened directly (an SVG can hold scripts and links): nothing may
 * run, load or frame it, and browsers must not guess another type than the one sent.
 */
const IMAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
  'x-content-type-options': 'nosniff',
};

/**
 * GET /artwork/<sha256>.<extension>: the images the catalog rendered (generated posters), public like the
 * published catalog. The name is the hash of the bytes, so an answer never changes: cached for a year,
 * immutable, with the hash as its ETag (Express answers a matching If-None-Match with 304). Any other name
 * is 404 without touching the store.
 */
export function mountArtwork(app: Express, store: ArtworkStore) {
  app.get('/artwork/:name', async (req, res, next) => {
    try {
      const name = parseImageFileName(req.params.name);
      const image = name ? await store.find(name.hash) : null;
      if (!name || !image || extensionOf(image.mediaType) !== name.extension) {
        res
          .status(404)
          .set({ ...IMAGE_HEADERS, 'cache-control': 'no-cache' })
          .type('text/plain')
          .send('Not found');
        return;
      }
      res
        .set({
          ...IMAGE_HEADERS,
          'content-type': image.mediaType,
          'cache-control': 'public, max-age=31536000, immutable',
          etag: `"${image.hash}"`,
        })
        .send(Buffer.from(image.body));
    } catch (error) {
      next(error);
    }
  });
}
