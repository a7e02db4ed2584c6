import { isUuid } from '@tvstream/service-kit';
import { findEntitlement, type Entitlement } from '../domain/access';
import { descriptorFromFacts, type ContentFacts, type ContentType } from '../domain/content';
import type { RightsContext } from '../context';

/**
 * A catalog or live entity as the gateway sends it: its key and, for `entitled`, the facts the rule needs
 * (federation's @requires), fetched from the owner in the same plan. A direct caller sending only the key
 * is answered too: the facts are then asked of the owner.
 */
export type ContentRef = { id: string } & ContentFacts;

/** Anonymous callers are never entitled; content its owner does not show is not either. */
async function entitlementOf(type: ContentType, ref: ContentRef, ctx: RightsContext): Promise<Entitlement | null> {
  if (!ctx.viewer || !isUuid(ref.id)) return null;
  const [content, access, packages] = await Promise.all([
    descriptorFromFacts(type, ref) ?? ctx.contentByRef.load({ type, id: ref.id }),
    ctx.viewerAccess(),
    ctx.packageRules(),
  ]);
  return content ? findEntitlement(content, access, packages, ctx.now) : null;
}

function playable(type: ContentType) {
  return {
    __resolveReference: (ref: ContentRef) => ref,
    entitled: async (ref: ContentRef, _: unknown, ctx: RightsContext) => (await entitlementOf(type, ref, ctx)) !== null,
    entitlement: (ref: ContentRef, _: unknown, ctx: RightsContext) => entitlementOf(type, ref, ctx),
  };
}

const offers = (ref: ContentRef, _: unknown, ctx: RightsContext) => (isUuid(ref.id) ? ctx.offersByContent.load(ref.id) : []);

const resumePosition = (ref: ContentRef, _: unknown, ctx: RightsContext) => (ctx.viewer && isUuid(ref.id) ? ctx.resumePositionByContent.load(ref.id) : null);

export const Movie = { ...playable('MOVIE'), offers, resumePosition };
export const Series = { ...playable('SERIES'), offers };
export const Episode = { ...playable('EPISODE'), offers, resumePosition };
export const Channel = playable('CHANNEL');
export const Programme = playable('PROGRAMME');
