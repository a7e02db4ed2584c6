import type { Prisma, CatalogDb } from './client';
import type { RenderedImage } from '../domain/poster';

type Tx = Prisma.TransactionClient;

/**
 * Rendered images, written in the transaction of the title that shows them. Content-addressed: an image
 * another title already stored is the same row (ON CONFLICT DO NOTHING), never overwritten.
 */
export async function saveImages(tx: Tx, images: RenderedImage[]) {
  const unique = [...new Map(images.map((image) => [image.hash, image])).values()];
  if (unique.length) await tx.artworkImage.createMany({ data: unique, skipDuplicates: true });
}

/** The images the catalog serves, and the posters of titles stored before the catalog drew them. */
export class ArtworkStore {
  constructor(private readonly db: CatalogDb) {}

  find(hash: string) {
    return this.db.artworkImage.findUnique({ where: { hash } });
  }

  /**
   * Draws the posters of movies and series that have none (titles stored before posters were generated), a
   * batch per transaction until none is left. Rows are claimed with SKIP LOCKED, so replicas starting together
   * share the work instead of repeating it, and an edit of a title in the batch waits for it (and then draws
   * its own poster). Returns how many were drawn.
   */
  async drawMissingPosters(render: (title: { title: string; releaseYear: number | null }) => RenderedImage, batch = 200): Promise<number> {
    let drawn = 0;
    for (;;) {
      const done = await this.db.$transaction(async (tx) => {
        const titles = await tx.$queryRaw<{ id: string; title: string; releaseYear: number | null }[]>`
          SELECT id::text AS id, title, "releaseYear" FROM "catalog"."Title"
          WHERE "generatedPoster" IS NULL AND kind IN ('MOVIE', 'SERIES')
          ORDER BY id LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
        if (!titles.length) return 0;
        const posters = titles.map((title) => ({ id: title.id, image: render(title) }));
        await saveImages(
          tx,
          posters.map((p) => p.image),
        );
        await tx.$executeRaw`
          UPDATE "catalog"."Title" t SET "generatedPoster" = p.hash
          FROM unnest(${posters.map((p) => p.id)}::uuid[], ${posters.map((p) => p.image.hash)}::text[]) AS p(id, hash)
          WHERE t.id = p.id`;
        return titles.length;
      });
      drawn += done;
      if (done < batch) return drawn;
    }
  }
}
