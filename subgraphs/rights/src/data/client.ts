import { prismaClientOptions } from '@tvstream/service-kit';
import { PrismaClient } from './generated/client';

export type RightsDb = PrismaClient;
export { Prisma } from './generated/client';
export type { Package, Plan, Offer, Subscription, Purchase, Grant, PaymentCharge, PlaybackSession } from './generated/client';

/** `onQuery` sees every SQL statement; the service counts them in its metrics. */
export function createRightsDb(databaseUrl: string, onQuery?: () => void): RightsDb {
  const db = new PrismaClient(prismaClientOptions(databaseUrl, 'rights'));
  if (onQuery) db.$on('query', onQuery);
  return db;
}
