import { baseConfigSchema, loadConfig } from '@tvstream/service-kit';
import { z } from 'zod';

export const catalogConfigSchema = baseConfigSchema.extend({
  CATALOG_PORT: z.coerce.number().int().min(0).default(4002),
  /**
   * The public address of the catalog's /artwork route as apps reach it: the web app's origin, which proxies it
   * (so browsers load posters from the page's own origin), or a CDN in front of it. Artwork URLs are built from
   * it when read, so stored titles name no host.
   */
  ARTWORK_BASE_URL: z.url().default('http://127.0.0.1:3000/artwork'),
});

export type CatalogConfig = z.infer<typeof catalogConfigSchema>;
export const loadCatalogConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(catalogConfigSchema, env);
