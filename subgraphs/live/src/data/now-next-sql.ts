/**
 * Now and next for any number of channels in ONE statement: for each requested channel ($1, a uuid[]), a
 * LATERAL subquery takes the first two programmes ending after the instant ($2), which the
 * ("channelId", "end") index serves directly (an index range scan stopped after two rows per channel).
 * Kept free of Prisma imports so a test can EXPLAIN exactly this text.
 */
export const NOW_NEXT_SQL = `
  SELECT c.id::text AS "requested", p."id", p."channelId", p."start", p."end", p."titles", p."subtitles",
    p."descriptions", p."categories", p."episodeNum", p."seasonNumber", p."episodeNumber", p."rating",
    p."ratingSystem", p."maturityRating", p."imageUrl", p."language", p."version", p."createdAt", p."updatedAt"
  FROM unnest($1::uuid[]) AS c(id)
  CROSS JOIN LATERAL (
    SELECT * FROM "live"."Programme" q
    WHERE q."channelId" = c.id AND q."end" > $2::timestamptz
    ORDER BY q."end"
    LIMIT 2
  ) p`;
