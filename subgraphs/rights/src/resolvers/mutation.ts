import { auditActor, toDate } from '@tvstream/service-kit';
import type { MutationResolvers } from '../generated/resolvers-types';

export const Mutation: MutationResolvers = {
  subscribe: (_, { planId, idempotencyKey, paymentCard }, ctx) => ctx.commerce.subscribe(ctx.viewer!, planId, idempotencyKey, paymentCard, ctx.now),
  changePlan: (_, { subscriptionId, planId, idempotencyKey }, ctx) => ctx.commerce.changePlan(ctx.viewer!, subscriptionId, planId, idempotencyKey, ctx.now),
  cancelSubscription: (_, { subscriptionId }, ctx) => ctx.commerce.cancel(ctx.viewer!, subscriptionId, ctx.now),
  updatePaymentCard: (_, { subscriptionId, paymentCard }, ctx) => ctx.renewals.updatePaymentCard(ctx.viewer!, subscriptionId, paymentCard, ctx.now),
  runRenewals: (_, { userId }, ctx) => ctx.renewals.renewDue(ctx.now, userId, auditActor(ctx)),
  purchase: (_, { offerId, idempotencyKey, paymentCard }, ctx) => ctx.commerce.purchase(ctx.viewer!, offerId, idempotencyKey, paymentCard, ctx.now),
  startPlayback: async (_, { contentId }, ctx) => ctx.playback.start(ctx.viewer!, contentId, await ctx.packageRules(), ctx.now),
  heartbeat: async (_, { sessionId, position }, ctx) =>
    ctx.playback.heartbeat(ctx.viewer!, sessionId, await ctx.packageRules(), ctx.now, position ?? undefined),
  stopPlayback: (_, { sessionId, position }, ctx) => ctx.playback.stop(ctx.viewer!, sessionId, ctx.now, position ?? undefined),

  createPackage: (_, { input }, ctx) => ctx.productsManager.createPackage(input, auditActor(ctx)),
  updatePackage: (_, { id, input }, ctx) => ctx.productsManager.updatePackage(id, input, auditActor(ctx)),
  deletePackage: (_, { id }, ctx) => ctx.productsManager.deletePackage(id, auditActor(ctx)),
  createPlan: (_, { input }, ctx) => ctx.productsManager.createPlan(input, auditActor(ctx)),
  updatePlan: (_, { id, input }, ctx) => ctx.productsManager.updatePlan(id, input, auditActor(ctx)),
  deletePlan: (_, { id }, ctx) => ctx.productsManager.deletePlan(id, auditActor(ctx)),
  createOffer: (_, { input }, ctx) => ctx.productsManager.createOffer(input, auditActor(ctx)),
  updateOffer: (_, { id, input }, ctx) => ctx.productsManager.updateOffer(id, input, auditActor(ctx)),
  deleteOffer: (_, { id }, ctx) => ctx.productsManager.deleteOffer(id, auditActor(ctx)),
  grantEntitlement: (_, { input }, ctx) =>
    ctx.access.grant({ ...input, expiresAt: input.expiresAt == null ? null : toDate(input.expiresAt, 'expiresAt') }, auditActor(ctx), ctx.now),
  revokeEntitlement: (_, { grantId }, ctx) => ctx.access.revoke(grantId, auditActor(ctx), ctx.now),
};
