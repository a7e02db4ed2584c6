import { postgresAdapter } from '@tvstream/service-kit';
import { PrismaClient } from './generated/client';

export type CatalogDb = PrismaClient;
export type { Prisma } from './generated/client';

export function createCatalogDb(databaseUrl: string): CatalogDb {
  return new PrismaClient({ adapter: postgresAdapter(databaseUrl, 'catalog') });
}
