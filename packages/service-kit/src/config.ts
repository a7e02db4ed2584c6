import { z } from 'zod';

/**
 * Settings every service reads from the environment. Each has a documented default that works on a
 * developer machine; production deployments override them (see the README's configuration table).
 */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().default('postgresql://postgres@127.0.0.1:5432/tvstream'),
  /** Where subgraphs fetch identity's public keys to verify access tokens. */
  JWKS_URL: z.url().default('http://127.0.0.1:4001/.well-known/jwks.json'),
  JWT_ISSUER: z.string().default('tvstream-identity'),
  JWT_AUDIENCE: z.string().default('tvstream'),
  /** Proxies whose X-Forwarded-For is believed: CIDRs/addresses (comma-separated) or a hop count; empty: none. */
  TRUSTED_PROXIES: z.string().default(''),
  /** Largest accepted request body. */
  BODY_LIMIT: z.string().default('100kb'),
  /**
   * Subgraphs: what serves `/graphql`: node:http with Apollo Server's integration API (graphql-http.ts), or the
   * Express stack it replaced (for measuring both side by side in `npm run bench -- gateways`).
   */
  SUBGRAPH_HTTP: z.enum(['node', 'express']).default('node'),
  /** Outside production only: honour the `x-clock-now` request header (tests of rental and billing clocks). */
  ALLOW_CLOCK_OVERRIDE: z.stringbool().default(false),
  /** When set, `/metrics` is served only on this internal port instead of beside the API. */
  METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(65535).optional()),
  /**
   * Redis: where identity copies revoked sessions and every service checks them first (and identity counts
   * sign-in attempts, the gateway shares public answers). Without it every service reads identity's feed.
   */
  REDIS_URL: z.url().optional(),
  /** Prepended to every Redis key this deployment writes or reads (deployments sharing one Redis). */
  REDIS_KEY_PREFIX: z.string().default(''),
  /**
   * The shared secret of internal routes (identity's revocation feed): services present it as a bearer token.
   * Required in production; without it (development) internal routes answer processes on the same machine only.
   */
  INTERNAL_API_TOKEN: z.string().min(32).optional(),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * The environment with empty variables left out. Compose's `${VAR:-}`, Kubernetes' `value: ""` and a bare
 * `VAR=` in an env file all pass "" when the operator means "not set", so "" takes the documented default
 * (or stays absent) instead of failing a schema built for real values.
 */
export function setVariables(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

/** Parses the environment against a schema and fails fast with every invalid variable named. */
export function loadConfig<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(setVariables(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

export const isProduction = (config: Pick<BaseConfig, 'NODE_ENV'>) => config.NODE_ENV === 'production';
