import { prismaClientOptions } from '@tvstream/service-kit';
import { PrismaClient } from './generated/client';

export type CatalogDb = PrismaClient;
export { Prisma } from './generated/client';

/** `onQuery` sees every SQL statement; the service counts them in its metrics. */
export function createCatalogDb(databaseUrl: string, onQuery?: () => void): CatalogDb {
  const db = new PrismaClient(prismaClientOptions(databaseUrl, 'catalog'));
  if (onQuery) db.$on('query', onQuery);
  return db;
}
