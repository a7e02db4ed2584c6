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
  jwksTokenVerifier,
  redisFromConfig,
  tokenRevocations,
  withOutboxRelay,
  runService,
  sharedServerSettings,
  startSubgraph,
  type RunningService,
} from '@tvstream/service-kit';
import { loadLiveConfig, type LiveConfig } from './config';
import type { LiveContext } from './context';
import { ChannelStore } from './data/channel-store';
import { createLiveDb, type Channel, type Programme } from './data/client';
import { ProgrammeStore, type NowNextRow } from './data/programme-store';
import { GuideManager } from './guide-manager';
import { resolvers } from './resolvers';
import { XmltvImporter } from './xmltv-importer';

export const typeDefs = parse(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));

export async function startLive(config: LiveConfig = loadLiveConfig(), now: () => Date = () => new Date()): Promise<RunningService> {
  const log = createLogger('live', config.LOG_LEVEL);
  // Revoked sessions are checked here first when configured (else in identity's feed).
  const redis = redisFromConfig(config);
  const metrics = createMetrics('live');
  const db = createLiveDb(config.DATABASE_URL, () => metrics.dbQueries.inc());
  const channels = new ChannelStore(db);
  const programmes = new ProgrammeStore(db);
  const guide = new GuideManager(db);
  const importer = new XmltvImporter(db);

  const service = await startSubgraph<LiveContext>({
    name: 'live',
    metrics,
    typeDefs,
    resolvers,
    ...sharedServerSettings(config),
    port: config.LIVE_PORT,
    log,
    verifyToken: jwksTokenVerifier(config),
    revocations: tokenRevocations(config, redis, log, 'live'),
    extendContext: (base) => {
      const at = now();
      return {
        ...base,
        channels,
        programmes,
        guide,
        importer,
        now: at,
        xmltvMaxBytes: config.XMLTV_MAX_BYTES,
        channelById: new DataLoader<string, Channel | null>(async (ids) => alignById(ids, await channels.findManyByIds(ids))),
        programmeById: new DataLoader<string, Programme | null>(async (ids) => alignById(ids, await programmes.findManyByIds(ids))),
        nowNextByChannel: new DataLoader<string, NowNextRow>((ids) => programmes.nowNext(ids, at)),
      };
    },
    readiness: { database: async () => void (await db.$queryRaw`SELECT 1`) },
  });
  return withOutboxRelay(service, { service: 'live', db, log, metrics, alsoClose: () => redis?.disconnect() });
}

if (require.main === module) runService('live', startLive);
