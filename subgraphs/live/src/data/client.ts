import { postgresAdapter, TRANSACTION_OPTIONS } from '@tvstream/service-kit';
import { PrismaClient } from './generated/client';

export type LiveDb = PrismaClient;
export type { Prisma, Channel, Programme } from './generated/client';

export function createLiveDb(databaseUrl: string): LiveDb {
  return new PrismaClient({ adapter: postgresAdapter(databaseUrl, 'live'), transactionOptions: TRANSACTION_OPTIONS });
}
