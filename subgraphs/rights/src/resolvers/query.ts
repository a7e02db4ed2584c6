import { forbidden, isUuid, viewerHasRole } from '@tvstream/service-kit';
import type { QueryResolvers } from '../generated/resolvers-types';

export const Query: QueryResolvers = {
  plans: (_, { includeInactive }, ctx) => {
    if (includeInactive && !(ctx.viewer && viewerHasRole(ctx.viewer, 'RIGHTS_MANAGER'))) throw forbidden('Only rights managers see inactive plans');
    return ctx.products.plans(includeInactive);
  },
  plan: (_, { id }, ctx) => (isUuid(id) ? ctx.planById.load(id) : null),
  offers: (_, { contentId, includeInactive }, ctx) => {
    if (includeInactive && !(ctx.viewer && viewerHasRole(ctx.viewer, 'RIGHTS_MANAGER'))) throw forbidden('Only rights managers see inactive offers');
    if (!isUuid(contentId)) return [];
    return includeInactive ? ctx.products.offersFor([contentId], true) : ctx.offersByContent.load(contentId);
  },
  myEntitlements: async (_, __, ctx) => ctx.access.myEntitlements(ctx.viewer!.userId, ctx.now, await ctx.packageRules()),
  mySubscriptions: (_, __, ctx) => ctx.access.subscriptionsOf(ctx.viewer!.userId),
  myPlaybackSessions: (_, __, ctx) => ctx.playback.playing(ctx.viewer!, ctx.now),
  continueWatching: async (_, { first }, ctx) =>
    (await ctx.playback.resumable(ctx.viewer!, first ?? 20)).map((s) => ({
      position: s.position,
      lastPlayedAt: s.lastHeartbeatAt,
      movie: s.contentType === 'MOVIE' ? { id: s.contentId } : null,
      episode: s.contentType === 'EPISODE' ? { id: s.contentId } : null,
    })),
  packages: (_, __, ctx) => ctx.products.packages(),
  subscription: (_, { id }, ctx) => (isUuid(id) ? ctx.subscriptionById.load(id) : null),
  rightsHistory: (_, { userId }, ctx) => ctx.access.history(userId),
};
