// Tracing first: it instruments http, express, graphql and pg as they load.
import '@tvstream/service-kit/tracing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import DataLoader from 'dataloader';
import { parse } from 'graphql';
import {
  alignById,
  clockOverrideAllowed,
  createLogger,
  createMetrics,
  groupByKey,
  jwksTokenVerifier,
  redisFromConfig,
  tokenRevocations,
  requestClock,
  withOutboxRelay,
  runService,
  sharedServerSettings,
  startSubgraph,
  type RunningService,
} from '@tvstream/service-kit';
import { AccessManager } from './access-manager';
import { CommerceManager } from './commerce-manager';
import { loadRightsConfig, type RightsConfig } from './config';
import type { RightsContext } from './context';
import { AccessCache } from './data/access-cache';
import { createRightsDb, type Subscription } from './data/client';
import { ContentDirectory, type ContentRef } from './data/content-directory';
import { SimulatedPaymentProvider } from './data/payment-provider';
import { ProductStore } from './data/product-store';
import { currentAccess, entitlementScope } from './domain/access';
import { preloadable, preloadEntitlements } from './entitlement-preload';
import { mountManifestEdge } from './manifest-edge';
import { PlaybackManager } from './playback-manager';
import { playbackMetrics } from './playback-metrics';
import { PaymentSettlement } from './payment-settlement';
import { ProductsManager } from './products-manager';
import { RenewalManager } from './renewal-manager';
import { resolvers } from './resolvers';

export const typeDefs = parse(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));

/** A background job every `seconds` (none for 0) that never keeps the process alive on its own. */
function every(seconds: number, run: () => Promise<unknown>) {
  if (!seconds) return null;
  const timer = setInterval(() => void run(), seconds * 1000);
  timer.unref();
  return timer;
}

/** Memoizes a loader for the life of one request. */
const once = <T>(load: () => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
};

export async function startRights(config: RightsConfig = loadRightsConfig()): Promise<RunningService> {
  const log = createLogger('rights', config.LOG_LEVEL);
  // Revoked sessions are checked here first when configured (else in identity's feed).
  const redis = redisFromConfig(config);
  const metrics = createMetrics('rights');
  const db = createRightsDb(config.DATABASE_URL, () => metrics.dbQueries.inc());
  const products = new ProductStore(db);
  const access = new AccessManager(db);
  const accessCache = new AccessCache(db);
  const directory = new ContentDirectory(
    { catalog: config.SUBGRAPH_CATALOG_URL, live: config.SUBGRAPH_LIVE_URL },
    config.PLAYBACK_CONTENT_CACHE_SECONDS,
    config.CONTENT_LOOKUP_TIMEOUT_MS,
  );
  const playback: PlaybackManager = new PlaybackManager(
    db,
    directory,
    {
      manifestBaseUrl: config.PLAYBACK_MANIFEST_BASE_URL,
      signingSecret: config.PLAYBACK_SIGNING_SECRET,
      urlTtlSeconds: config.PLAYBACK_URL_TTL_SECONDS,
      heartbeatIntervalSeconds: config.PLAYBACK_HEARTBEAT_SECONDS,
      sessionTimeoutSeconds: config.PLAYBACK_SESSION_TIMEOUT_SECONDS,
      defaultConcurrentStreams: config.DEFAULT_CONCURRENT_STREAMS,
    },
    playbackMetrics(metrics, () => playback.playingCount(new Date())),
  );
  const payments = new SimulatedPaymentProvider(db, config.PAYMENT_SIMULATED_FAULTS);
  if (config.PAYMENT_SIMULATED_FAULTS) log.warn('PAYMENT_SIMULATED_FAULTS is on: test cards may stall the provider or kill this process (tests only)');
  const settlement = new PaymentSettlement(
    db,
    payments,
    {
      providerTimeoutMs: config.PAYMENT_PROVIDER_TIMEOUT_MS,
      reconcileAfterMs: config.PAYMENT_RECONCILE_AFTER_SECONDS * 1000,
    },
    log,
  );
  const managers = {
    products,
    access,
    playback,
    productsManager: new ProductsManager(db),
    commerce: new CommerceManager(db, payments, settlement, (titleIds) => directory.shownTitles(titleIds)),
    renewals: new RenewalManager(db, payments, settlement, log),
  };
  const clockOverride = clockOverrideAllowed(config);
  if (clockOverride) log.warn('ALLOW_CLOCK_OVERRIDE is on: requests may set the clock (tests only)');

  const service = await startSubgraph<RightsContext>({
    name: 'rights',
    metrics,
    typeDefs,
    resolvers,
    ...sharedServerSettings(config),
    port: config.RIGHTS_PORT,
    log,
    verifyToken: jwksTokenVerifier(config),
    revocations: tokenRevocations(config, redis, log, 'rights'),
    routes: (app) =>
      mountManifestEdge(app, {
        secret: config.PLAYBACK_SIGNING_SECRET,
        mediaDir: config.MEDIA_DIR,
        streamingContent: (sessionId, contentId, now) => playback.streamingContent(sessionId, contentId, now),
      }),
    extendContext: (base, req) => {
      const now = requestClock(req.headers['x-clock-now'], clockOverride);
      const viewer = base.viewer;
      // The gateway's plan reaches rights up to three times per screen; each call reads two versions, not the rows.
      const cached = once(() => accessCache.read(viewer?.userId ?? null));
      const viewerAccess = once(async () => {
        const { holdings } = await cached();
        return holdings ? currentAccess(holdings, now) : [];
      });
      return {
        ...base,
        ...managers,
        now,
        packageRules: once(async () => (await cached()).rules),
        viewerAccess,
        entitlements: preloadable(async () => entitlementScope(await viewerAccess(), (await cached()).index, now)),
        contentByRef: new DataLoader((refs: readonly ContentRef[]) => directory.describe(refs), { cacheKeyFn: (r) => `${r.type}:${r.id}` }),
        resumePositionByContent: new DataLoader((ids: readonly string[]) => playback.resumePositions(viewer!, ids)),
        offersByContent: new DataLoader(async (ids: readonly string[]) =>
          groupByKey(ids, await managers.commerce.offersShownTo(viewer, await products.offersFor(ids), 'LISTING'), (o) => o.contentId),
        ),
        packageById: new DataLoader(async (ids: readonly string[]) => alignById(ids, await products.packagesByIds(ids))),
        planById: new DataLoader(async (ids: readonly string[]) => alignById(ids, await products.plansByIds(ids))),
        offerById: new DataLoader(async (ids: readonly string[]) => alignById(ids, await products.offersByIds(ids))),
        subscriptionById: new DataLoader(async (ids: readonly string[]) => alignById(ids, await db.subscription.findMany({ where: { id: { in: [...ids] } } }))),
        chargesBySubscription: new DataLoader((subscriptions: readonly Subscription[]) => access.chargesOf(subscriptions), { cacheKeyFn: (s) => s.id }),
        purchaseById: new DataLoader(async (ids: readonly string[]) => alignById(ids, await db.purchase.findMany({ where: { id: { in: [...ids] } } }))),
        grantById: new DataLoader(async (ids: readonly string[]) => alignById(ids, await db.grant.findMany({ where: { id: { in: [...ids] } } }))),
      };
    },
    readiness: { database: async () => void (await db.$queryRaw`SELECT 1`) },
    plugins: [preloadEntitlements()],
  });
  const sweep = every(config.RENEWAL_SWEEP_SECONDS, () =>
    managers.renewals
      .sweepIfIdle(new Date())
      .then((report) => report && report.renewed + report.pastDue + report.failed > 0 && log.info(report, 'subscriptions renewed'))
      .catch((err) => log.error({ err }, 'renewal sweep failed; the next one retries')),
  );
  // At start too: a charge left pending by a crash of this process is settled without waiting a period.
  const reconcile = () =>
    settlement
      .reconcile()
      .then((settled) => settled > 0 && log.info({ settled }, 'pending charges reconciled'))
      .catch((err) => log.error({ err }, 'payment reconciliation failed; the next run retries'));
  const reconciler = every(config.PAYMENT_RECONCILE_SECONDS, reconcile);
  if (reconciler) void reconcile();
  return withOutboxRelay(service, {
    service: 'rights',
    db,
    log,
    metrics,
    alsoClose: () => {
      [sweep, reconciler].forEach((timer) => timer && clearInterval(timer));
      redis?.disconnect();
    },
  });
}

if (require.main === module) runService('rights', startRights);
