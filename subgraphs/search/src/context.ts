import type { RequestContext } from '@tvstream/service-kit';
import type { SearchEngine } from './engines/search-engine';
import type { ReindexManager } from './reindex-manager';

export interface SearchContext extends RequestContext {
  engine: SearchEngine;
  reindex: ReindexManager;
  /** The request's clock (availability windows, "on now"); read once per request. */
  now: Date;
  /** The request's Accept-Language header, when the caller sent one. */
  acceptLanguage: string | null;
}
