import { baseConfigSchema, loadConfig } from '@tvstream/service-kit';
import { z } from 'zod';

export const liveConfigSchema = baseConfigSchema.extend({
  LIVE_PORT: z.coerce.number().int().min(0).default(4003),
  /** Largest XMLTV document `importXmltv` accepts once decompressed (bytes). */
  XMLTV_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
});

export type LiveConfig = z.infer<typeof liveConfigSchema>;
export const loadLiveConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(liveConfigSchema, env);
