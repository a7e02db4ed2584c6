import { postgresAdapter, TRANSACTION_OPTIONS } from '@tvstream/service-kit';
import { PrismaClient } from './generated/client';

export type LiveDb = PrismaClient;
export type { Prisma, Channel, Programme } from './generated/client';

/** `onQuery` sees every SQL statement; the service counts them in its metrics. */
export function createLiveDb(databaseUrl: string, onQuery?: () => void): LiveDb {
  const db = new PrismaClient({ adapter: postgresAdapter(databaseUrl, 'live'), transactionOptions: TRANSACTION_OPTIONS, log: [{ emit: 'event', level: 'query' }] });
  if (onQuery) db.$on('query', onQuery);
  return db;
}
