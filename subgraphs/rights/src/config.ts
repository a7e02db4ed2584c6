import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { baseConfigSchema, loadConfig } from '@tvstream/service-kit';
import { z } from 'zod';

export const rightsConfigSchema = baseConfigSchema.extend({
  RIGHTS_PORT: z.coerce.number().int().min(0).default(4004),
  /** The owning subgraphs, asked for content facts (rating, genres, catch-up) through `_entities`. */
  SUBGRAPH_CATALOG_URL: z.url().default('http://127.0.0.1:4002/graphql'),
  SUBGRAPH_LIVE_URL: z.url().default('http://127.0.0.1:4003/graphql'),
  /** How long catalog or live may take to answer a content lookup before playback calls fail with SERVICE_UNAVAILABLE. */
  CONTENT_LOOKUP_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  /** HMAC key shared with the CDN edge that checks manifest URLs. Required in production. */
  PLAYBACK_SIGNING_SECRET: z.string().min(32).optional(),
  /** Where signed manifest URLs point: the CDN, or (default) rights' own `/manifests` route on its port. */
  PLAYBACK_MANIFEST_BASE_URL: z.url().optional(),
  /** The packaged streams the media origin serves (`npm run media:package`). */
  MEDIA_DIR: z.string().default(resolve(__dirname, '..', '..', '..', '.data', 'media')),
  PLAYBACK_URL_TTL_SECONDS: z.coerce.number().int().positive().default(300),
  PLAYBACK_HEARTBEAT_SECONDS: z.coerce.number().int().positive().default(30),
  /** How long a heartbeat may rely on content facts (rating, genres) it fetched before. */
  PLAYBACK_CONTENT_CACHE_SECONDS: z.coerce.number().int().positive().default(60),
  /** A session silent for this long stops counting against the stream cap. */
  PLAYBACK_SESSION_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(90),
  /** How often due subscriptions are renewed (0: never in the background; `runRenewals` still works). */
  RENEWAL_SWEEP_SECONDS: z.coerce.number().int().min(0).default(60),
  /**
   * The payment provider. Only `simulated` is bundled: it takes no real money, so production refuses to
   * start until it is chosen explicitly.
   */
  PAYMENT_PROVIDER: z.enum(['simulated']).optional(),
  /** Tests only (refused in production): the simulated provider's stalling and crashing test cards act. */
  PAYMENT_SIMULATED_FAULTS: z
    .enum(['true', 'false', ''])
    .default('false')
    .transform((v) => v === 'true'),
  /** How long a request waits for the provider before answering PAYMENT_PENDING. */
  PAYMENT_PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How often charges left pending (a crash, a provider that never answered) are settled (0: never). */
  PAYMENT_RECONCILE_SECONDS: z.coerce.number().int().min(0).default(30),
  /** A pending charge is reconciled once it is this old (longer than any request waits for the provider). */
  PAYMENT_RECONCILE_AFTER_SECONDS: z.coerce.number().int().positive().default(60),
  /** Stream cap for accounts without a subscription. */
  DEFAULT_CONCURRENT_STREAMS: z.coerce.number().int().positive().default(2),
});

export type RightsConfig = z.infer<typeof rightsConfigSchema> & {
  PLAYBACK_SIGNING_SECRET: string;
  PLAYBACK_MANIFEST_BASE_URL: string;
  PAYMENT_PROVIDER: 'simulated';
};

/** Outside production a missing signing secret is generated per start (URLs then die with the process). */
export function loadRightsConfig(env: NodeJS.ProcessEnv = process.env): RightsConfig {
  const config = loadConfig(rightsConfigSchema, env);
  const production = config.NODE_ENV === 'production';
  const problems = [
    !config.PLAYBACK_SIGNING_SECRET && production && 'PLAYBACK_SIGNING_SECRET: required in production (32+ characters)',
    !config.PAYMENT_PROVIDER &&
      production &&
      'PAYMENT_PROVIDER: required in production; the only bundled provider is the simulated one, which takes no real money (set PAYMENT_PROVIDER=simulated to run it anyway)',
    config.PAYMENT_SIMULATED_FAULTS && production && 'PAYMENT_SIMULATED_FAULTS: tests only, never in production',
  ].filter(Boolean);
  if (problems.length) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    ...config,
    PAYMENT_PROVIDER: config.PAYMENT_PROVIDER ?? 'simulated',
    PLAYBACK_SIGNING_SECRET: config.PLAYBACK_SIGNING_SECRET ?? randomBytes(32).toString('hex'),
    PLAYBACK_MANIFEST_BASE_URL: config.PLAYBACK_MANIFEST_BASE_URL ?? `http://127.0.0.1:${config.RIGHTS_PORT}/manifests`,
  };
}
