import { postgresAdapter, TRANSACTION_OPTIONS } from '@tvstream/service-kit';
import { PrismaClient } from './generated/client';

export type IdentityDb = PrismaClient;
export type { Prisma } from './generated/client';

export function createIdentityDb(databaseUrl: string): IdentityDb {
  return new PrismaClient({ adapter: postgresAdapter(databaseUrl, 'identity'), transactionOptions: TRANSACTION_OPTIONS });
}
