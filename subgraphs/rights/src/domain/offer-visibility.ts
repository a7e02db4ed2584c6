/**
 * Only what viewers are shown is for sale or listed. An offer on a title its owner does not show (a draft, an
 * archived title) is neither sold nor listed: a viewer who learnt its id would pay for something playback then
 * refuses. Rights managers still see such offers listed, to manage them; nobody buys one.
 */

/** Why offers are looked at: to list them, or to sell one. */
export type OfferPurpose = 'LISTING' | 'SALE';

/** Of these title ids, the ones their owner shows to viewers. */
export type ShownTitles = (titleIds: string[]) => Promise<ReadonlySet<string>>;

/**
 * The offers of `offers` the caller may see (LISTING) or buy (SALE). The owner is asked once about all the
 * offers' titles, and not at all when its answer would change nothing.
 */
export async function offersShown<O extends { contentId: string }>(
  offers: readonly O[],
  purpose: OfferPurpose,
  callerManagesRights: boolean,
  shownTitles: ShownTitles,
): Promise<O[]> {
  if (!offers.length || (purpose === 'LISTING' && callerManagesRights)) return [...offers];
  const shown = await shownTitles([...new Set(offers.map((o) => o.contentId))]);
  return offers.filter((o) => shown.has(o.contentId));
}
