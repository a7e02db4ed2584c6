import { baseConfigSchema, loadConfig } from '@tvstream/service-kit';
import { z } from 'zod';

export const searchConfigSchema = baseConfigSchema.extend({
  SEARCH_PORT: z.coerce.number().int().min(0).default(4005),
  /** OpenSearch base URL; absent → the embedded engine (MiniSearch, in memory). */
  OPENSEARCH_URL: z.string().optional(),
  /** Prefix of every index and alias this deployment owns (tests use one per run). */
  OPENSEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9._-]*$/)
    .default('tvstream-'),
  /** `wait_for`: index writes return once searchable; `false` (default): within OpenSearch's 1 s refresh. */
  OPENSEARCH_REFRESH: z.enum(['false', 'wait_for']).default('false'),
  /** Kafka brokers, comma-separated; absent → the indexer reads the services' outbox tables in process. */
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /**
   * The indexer's consumer group (its committed offsets are the indexer's progress). Default:
   * `<KAFKA_TOPIC_PREFIX>search-indexer`, so deployments (and test runs) sharing a broker never share a group.
   */
  SEARCH_INDEXER_GROUP: z.string().optional(),
  /** After this long without a heartbeat, Kafka hands a (killed) indexer's partitions to another. */
  SEARCH_INDEXER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(10_000),
  /** The standalone indexer's `/healthz`, `/readyz` and `/metrics` (0: any free port). */
  SEARCH_INDEXER_PORT: z.coerce.number().int().min(0).default(4015),
  /** Run the indexer inside the search service (default) or only as its own process (`npm run indexer`). */
  SEARCH_INDEXER_INLINE: z.stringbool().default(true),
  /** Outbox path: the services whose outbox tables carry search's events. */
  SEARCH_OUTBOX_SCHEMAS: z.string().default('catalog,live,rights'),
  /** Outbox path, when services keep separate databases: `catalog=postgresql://…,live=…` (else DATABASE_URL). */
  SEARCH_OUTBOX_DATABASES: z.string().default(''),
});

export type SearchConfig = z.infer<typeof searchConfigSchema>;
export const loadSearchConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(searchConfigSchema, env);
