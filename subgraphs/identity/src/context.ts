import type { RequestContext } from '@tvstream/service-kit';
import type DataLoader from 'dataloader';
import type { AccountManager } from './account-manager';
import type { UserRecord, UserStore } from './data/user-store';

export interface IdentityContext extends RequestContext {
  accounts: AccountManager;
  users: UserStore;
  /** Batches `User` lookups (entity references, `me`) into one query per request. */
  userById: DataLoader<string, UserRecord | null>;
  clientIp: string;
}
