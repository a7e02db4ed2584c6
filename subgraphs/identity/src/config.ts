import { baseConfigSchema, loadConfig } from '@tvstream/service-kit';
import { z } from 'zod';

export const identityConfigSchema = baseConfigSchema.extend({
  IDENTITY_PORT: z.coerce.number().int().min(0).default(4001),
  /** JSON array of `{ kid, privateKeyPem }`, newest (signing) key first. Required in production. */
  IDENTITY_SIGNING_KEYS: z.string().optional(),
  /** Development only: where a generated key set is kept across restarts when no keys are given. */
  IDENTITY_SIGNING_KEYS_FILE: z.string().default('.data/identity-signing-keys.json'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),
  /** Consecutive failed sign-ins of one account from one address before that address is stopped for it. */
  LOGIN_MAX_CONSECUTIVE_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Failed sign-ins of one account from addresses it never signed in from, per LOGIN_ACCOUNT_WINDOW_SECONDS. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(50),
  LOGIN_ACCOUNT_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 3600),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().positive().default(60),
  LOGIN_IP_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  REGISTER_MAX_PER_IP: z.coerce.number().int().positive().default(10),
  REGISTER_IP_WINDOW_SECONDS: z.coerce.number().int().positive().default(3600),
  REFRESH_MAX_PER_IP: z.coerce.number().int().positive().default(120),
  REFRESH_IP_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** When both are set and no administrator exists yet, identity creates this ADMIN account at start-up. */
  BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().optional(),
  /** How often identity checks that Redis still holds every revocation, and copies them back when it lost them. */
  REVOCATION_SYNC_SECONDS: z.coerce.number().positive().default(1),
  /** scrypt cost parameter N (a power of two). */
  PASSWORD_SCRYPT_N: z.coerce.number().int().positive().default(32768),
});

export type IdentityConfig = z.infer<typeof identityConfigSchema>;
export const loadIdentityConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(identityConfigSchema, env);
