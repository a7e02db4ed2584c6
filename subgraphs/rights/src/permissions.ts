import { allow, hasRole, isAuthenticated, permissions } from '@tvstream/service-kit';

const rightsManager = hasRole('RIGHTS_MANAGER');

/** Plans and offers are public; holdings and playback need an account; products and grants need a rights manager. */
export const rightsPermissions = permissions({
  Query: {
    plans: allow,
    plan: allow,
    offers: allow,
    myEntitlements: isAuthenticated,
    mySubscriptions: isAuthenticated,
    myPlaybackSessions: isAuthenticated,
    continueWatching: isAuthenticated,
    packages: rightsManager,
    rightsHistory: rightsManager,
  },
  Mutation: {
    subscribe: isAuthenticated,
    changePlan: isAuthenticated,
    cancelSubscription: isAuthenticated,
    updatePaymentCard: isAuthenticated,
    runRenewals: rightsManager,
    purchase: isAuthenticated,
    startPlayback: isAuthenticated,
    heartbeat: isAuthenticated,
    stopPlayback: isAuthenticated,
    createPackage: rightsManager,
    updatePackage: rightsManager,
    deletePackage: rightsManager,
    createPlan: rightsManager,
    updatePlan: rightsManager,
    deletePlan: rightsManager,
    createOffer: rightsManager,
    updateOffer: rightsManager,
    deleteOffer: rightsManager,
    grantEntitlement: rightsManager,
    revokeEntitlement: rightsManager,
  },
});
