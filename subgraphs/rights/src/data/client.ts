import { postgresAdapter } from '@tvstream/service-kit';
import { PrismaClient } from './generated/client';

export type RightsDb = PrismaClient;
export type { Prisma, Package, Plan, Offer, Subscription, Purchase, Grant, PaymentCharge, PlaybackSession } from './generated/client';

export function createRightsDb(databaseUrl: string): RightsDb {
  return new PrismaClient({ adapter: postgresAdapter(databaseUrl, 'rights') });
}
