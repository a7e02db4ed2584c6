import { isUuid } from '@tvstream/service-kit';
import type { Entitlement, EntitlementScope } from '../domain/access';
import { descriptorFromFacts, type ContentDescriptor, type ContentFacts, type ContentType } from '../domain/content';
import type { RightsContext } from '../context';

/**
 * A catalog or live entity as the gateway sends it: its key and, for `entitled`, the facts the rule needs
 * (federation's @requires), fetched from the owner in the same plan. A direct caller sending only the key
 * is answered too: the facts are then asked of the owner.
 */
export type ContentRef = { id: string } & ContentFacts;

type Answer<T> = T | Promise<T>;

/**
 * Anonymous callers are never entitled; content its owner does not show is not either. With the facts sent
 * along and the viewer's scope already loaded (a query asking for entitlements has it loaded before it runs),
 * the answer is a plain value; otherwise it waits for what is missing.
 */
function entitlementOf<T>(
  type: ContentType,
  ref: ContentRef,
  ctx: RightsContext,
  ask: (scope: EntitlementScope, content: ContentDescriptor) => T,
  none: T,
): Answer<T> {
  if (!ctx.viewer || !isUuid(ref.id)) return none;
  const facts = descriptorFromFacts(type, ref);
  const scope = ctx.entitlements.loaded();
  if (facts && scope) return ask(scope, facts);
  return Promise.all([facts ?? ctx.contentByRef.load({ type, id: ref.id }), ctx.entitlements.load()]).then(([content, loaded]) =>
    content ? ask(loaded, content) : none,
  );
}

const find = (scope: EntitlementScope, content: ContentDescriptor) => scope.find(content);
const covers = (scope: EntitlementScope, content: ContentDescriptor) => scope.covers(content);

function playable(type: ContentType) {
  return {
    __resolveReference: (ref: ContentRef) => ref,
    entitled: (ref: ContentRef, _: unknown, ctx: RightsContext): Answer<boolean> => entitlementOf(type, ref, ctx, covers, false),
    entitlement: (ref: ContentRef, _: unknown, ctx: RightsContext): Answer<Entitlement | null> => entitlementOf(type, ref, ctx, find, null),
  };
}

const offers = (ref: ContentRef, _: unknown, ctx: RightsContext) => (isUuid(ref.id) ? ctx.offersByContent.load(ref.id) : []);

const resumePosition = (ref: ContentRef, _: unknown, ctx: RightsContext) => (ctx.viewer && isUuid(ref.id) ? ctx.resumePositionByContent.load(ref.id) : null);

export const Movie = { ...playable('MOVIE'), offers, resumePosition };
export const Series = { ...playable('SERIES'), offers };
export const Episode = { ...playable('EPISODE'), offers, resumePosition };
export const Channel = playable('CHANNEL');
export const Programme = playable('PROGRAMME');
