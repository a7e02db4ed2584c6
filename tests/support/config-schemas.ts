import type { z } from 'zod';
import { gatewayConfigSchema } from '../../gateway/src/config';
import { catalogConfigSchema } from '../../subgraphs/catalog/src/config';
import { identityConfigSchema } from '../../subgraphs/identity/src/config';
import { liveConfigSchema } from '../../subgraphs/live/src/config';
import { rightsConfigSchema } from '../../subgraphs/rights/src/config';
import { searchConfigSchema } from '../../subgraphs/search/src/config';

/** Each deployed process and the config schema it reads its environment with. */
export const CONFIG_SCHEMAS: Record<string, z.ZodObject> = {
  identity: identityConfigSchema,
  catalog: catalogConfigSchema,
  live: liveConfigSchema,
  rights: rightsConfigSchema,
  search: searchConfigSchema,
  'search-indexer': searchConfigSchema,
  gateway: gatewayConfigSchema,
};
