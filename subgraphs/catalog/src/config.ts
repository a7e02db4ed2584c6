import { baseConfigSchema, loadConfig } from '@tvstream/service-kit';
import { z } from 'zod';

export const catalogConfigSchema = baseConfigSchema.extend({
  CATALOG_PORT: z.coerce.number().int().min(0).default(4002),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
export const loadCatalogConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(catalogConfigSchema, env);
