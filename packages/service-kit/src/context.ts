import type { Logger } from 'pino';
import type { Viewer } from './auth';

/** What every resolver receives: the verified caller (or null), a request id and a request logger. */
export interface RequestContext {
  viewer: Viewer | null;
  requestId: string;
  log: Logger;
}
