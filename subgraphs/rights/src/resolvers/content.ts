import { isUuid } from '@tvstream/service-kit';
import { findEntitlement, type Entitlement } from '../domain/access';
import type { ContentType } from '../domain/content';
import type { RightsContext } from '../context';

/** A catalog or live entity as rights receives it from the gateway: just its key. */
export interface ContentRef {
  id: string;
}

/** Anonymous callers are never entitled; content its owner does not show is not either. */
async function entitlementOf(type: ContentType, id: string, ctx: RightsContext): Promise<Entitlement | null> {
  if (!ctx.viewer || !isUuid(id)) return null;
  const [content, access, packages] = await Promise.all([ctx.contentByRef.load({ type, id }), ctx.viewerAccess(), ctx.packageRules()]);
  return content ? findEntitlement(content, access, packages, ctx.now) : null;
}

function playable(type: ContentType) {
  return {
    __resolveReference: (ref: ContentRef) => ({ id: ref.id }),
    entitled: async (ref: ContentRef, _: unknown, ctx: RightsContext) => (await entitlementOf(type, ref.id, ctx)) !== null,
    entitlement: (ref: ContentRef, _: unknown, ctx: RightsContext) => entitlementOf(type, ref.id, ctx),
  };
}

const offers = (ref: ContentRef, _: unknown, ctx: RightsContext) => (isUuid(ref.id) ? ctx.offersByContent.load(ref.id) : []);

const resumePosition = (ref: ContentRef, _: unknown, ctx: RightsContext) => (ctx.viewer && isUuid(ref.id) ? ctx.resumePositionByContent.load(ref.id) : null);

export const Movie = { ...playable('MOVIE'), offers, resumePosition };
export const Series = { ...playable('SERIES'), offers };
export const Episode = { ...playable('EPISODE'), offers, resumePosition };
export const Channel = playable('CHANNEL');
export const Programme = playable('PROGRAMME');
