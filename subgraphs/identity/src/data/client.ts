import { prismaClientOptions } from '@tvstream/service-kit';
import { PrismaClient } from './generated/client';

export type IdentityDb = PrismaClient;
export type { Prisma } from './generated/client';

/** `onQuery` sees every SQL statement; the service counts them in its metrics. */
export function createIdentityDb(databaseUrl: string, onQuery?: () => void): IdentityDb {
  const db = new PrismaClient(prismaClientOptions(databaseUrl, 'identity'));
  if (onQuery) db.$on('query', onQuery);
  return db;
}
