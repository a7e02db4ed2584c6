import type { SearchConfig } from '../config';
import { EmbeddedSearchEngine } from './embedded-engine';
import { OpenSearchEngine } from './opensearch-engine';
import type { SearchEngine } from './search-engine';

export type { SearchEngine } from './search-engine';

/** OpenSearch when OPENSEARCH_URL is set, else the embedded engine. */
export function createSearchEngine(config: SearchConfig): SearchEngine {
  if (config.OPENSEARCH_URL)
    return new OpenSearchEngine({
      url: config.OPENSEARCH_URL,
      prefix: config.OPENSEARCH_INDEX_PREFIX,
      refresh: config.OPENSEARCH_REFRESH === 'wait_for' ? 'wait_for' : false,
    });
  return new EmbeddedSearchEngine();
}
