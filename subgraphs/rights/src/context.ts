import type { RequestContext } from '@tvstream/service-kit';
import type DataLoader from 'dataloader';
import type { AccessManager } from './access-manager';
import type { CommerceManager } from './commerce-manager';
import type { AccessGrant, EntitlementScope, PackageRules } from './domain/access';
import type { ContentDescriptor } from './domain/content';
import type { ContentRef } from './data/content-directory';
import type { Preloadable } from './entitlement-preload';
import type { Grant, Offer, Package, PaymentCharge, Purchase, Subscription } from './data/client';
import type { PlanRecord, ProductStore } from './data/product-store';
import type { PlaybackManager } from './playback-manager';
import type { ProductsManager } from './products-manager';
import type { RenewalManager } from './renewal-manager';

export interface RightsContext extends RequestContext {
  /** The request's clock, read once: every rule in one request sees the same instant. */
  now: Date;
  products: ProductStore;
  productsManager: ProductsManager;
  commerce: CommerceManager;
  renewals: RenewalManager;
  access: AccessManager;
  playback: PlaybackManager;
  /** Every package, loaded once per request. */
  packageRules: () => Promise<Map<string, PackageRules>>;
  /** The signed-in viewer's holdings in force now, loaded once per request. */
  viewerAccess: () => Promise<AccessGrant[]>;
  /**
   * The signed-in viewer's entitlement rule at `now` (their access and every package), loaded once per request;
   * loaded before execution for a query that asks for entitlements (preloadEntitlements).
   */
  entitlements: Preloadable<EntitlementScope>;
  /** Batched lookups: one call per owning subgraph, however many entities a query touches. */
  contentByRef: DataLoader<ContentRef, ContentDescriptor | null, string>;
  offersByContent: DataLoader<string, Offer[]>;
  /** The viewer's active profile's resume positions, by content id. */
  resumePositionByContent: DataLoader<string, number | null>;
  packageById: DataLoader<string, Package | null>;
  planById: DataLoader<string, PlanRecord | null>;
  offerById: DataLoader<string, Offer | null>;
  subscriptionById: DataLoader<string, Subscription | null>;
  /** Every subscription's charges asked for in one request, in one statement. */
  chargesBySubscription: DataLoader<Subscription, PaymentCharge[], string>;
  purchaseById: DataLoader<string, Purchase | null>;
  grantById: DataLoader<string, Grant | null>;
}
