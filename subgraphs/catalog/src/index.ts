// Tracing first: it instruments http, express, graphql and pg as they load.
import '@tvstream/service-kit/tracing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import DataLoader from 'dataloader';
import { parse } from 'graphql';
import {
  alignById,
  createLogger,
  createMetrics,
  groupByKey,
  jwksTokenVerifier,
  redisFromConfig,
  tokenRevocations,
  withOutboxRelay,
  runService,
  sharedServerSettings,
  startSubgraph,
  viewerHasRole,
  type RunningService,
} from '@tvstream/service-kit';
import { mountArtwork } from './artwork-route';
import { CatalogManager } from './catalog-manager';
import { loadCatalogConfig, type CatalogConfig } from './config';
import type { CatalogContext } from './context';
import { createCatalogDb } from './data/client';
import { ArtworkStore } from './data/artwork-store';
import { AuditLog } from './data/audit';
import { CollectionStore } from './data/collection-store';
import { railPageKey, railTitleIds, type RailPage } from './data/rail-pages';
import type { Season } from './data/generated/client';
import { TitleStore } from './data/title-store';
import { renderPoster } from './domain/poster';
import type { TitleRecord } from './domain/title-record';
import { resolvers } from './resolvers';

export const typeDefs = parse(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));

export async function startCatalog(config: CatalogConfig = loadCatalogConfig(), now: () => Date = () => new Date()): Promise<RunningService> {
  const log = createLogger('catalog', config.LOG_LEVEL);
  // Revoked sessions are checked here first when configured (else in identity's feed).
  const redis = redisFromConfig(config);
  const metrics = createMetrics('catalog');
  const db = createCatalogDb(config.DATABASE_URL, () => metrics.dbQueries.inc());
  const titles = new TitleStore(db);
  const collections = new CollectionStore(db);
  const catalog = new CatalogManager(titles, collections);
  const auditLog = new AuditLog(db);
  const artwork = new ArtworkStore(db);

  const service = await startSubgraph<CatalogContext>({
    name: 'catalog',
    metrics,
    typeDefs,
    resolvers,
    ...sharedServerSettings(config),
    port: config.CATALOG_PORT,
    log,
    verifyToken: jwksTokenVerifier(config),
    revocations: tokenRevocations(config, redis, log, 'catalog'),
    routes: (app) => mountArtwork(app, artwork),
    extendContext: (base) => {
      const audience = {
        canEdit: viewerHasRole(base.viewer, 'EDITOR'),
        now: now(),
        // Anonymous browsing is not age-limited beyond what is published; profiles carry their own limit.
        maxMaturity: base.viewer?.maxMaturity ?? 18,
      };
      return {
        ...base,
        catalog,
        titles,
        collections,
        auditLog,
        artworkBaseUrl: config.ARTWORK_BASE_URL,
        audience,
        titleById: new DataLoader<string, TitleRecord | null>(async (ids) => alignById(ids, await titles.findManyByIds(ids))),
        seasonById: new DataLoader<string, Season | null>(async (ids) => alignById(ids, await titles.findSeasons(ids))),
        seasonsBySeries: new DataLoader<string, Season[]>(async (ids) => groupByKey(ids, await titles.seasonsOf(ids), (s) => s.seriesId)),
        episodesBySeason: new DataLoader<string, TitleRecord[]>(async (ids) => groupByKey(ids, await titles.episodesOf(ids), (e) => e.seasonId!)),
        railTitleIds: new DataLoader<RailPage, string[], string>((pages) => railTitleIds(collections, pages, audience), {
          cacheKeyFn: railPageKey,
        }),
      };
    },
    readiness: { database: async () => void (await db.$queryRaw`SELECT 1`) },
  });
  // Titles stored before the catalog drew posters get theirs in the background; the service answers meanwhile.
  artwork.drawMissingPosters(renderPoster).then(
    (drawn) => drawn > 0 && log.info({ drawn }, 'drew the posters of titles stored without one'),
    (error: unknown) => log.error({ err: error }, 'drawing the missing posters failed; the next start tries again'),
  );
  return withOutboxRelay(service, { service: 'catalog', db, log, metrics, alsoClose: () => redis?.disconnect() });
}

if (require.main === module) runService('catalog', startCatalog);
