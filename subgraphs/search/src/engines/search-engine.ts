import type { AccessSet, IndexOp, SearchRequest, SearchResponse, SuggestionModel, SuggestRequest } from '../domain/search-types';

/**
 * Writes the engine refused for good (e.g. a document its mapping rejects), by position in the batch.
 * Transient failures (engine down) throw instead, so the caller retries the whole batch.
 */
export interface ApplyResult {
  rejected: { position: number; reason: string }[];
}

/** An index under construction by a reindex; live writes are mirrored into it until it is swapped in. */
export interface RebuildTarget {
  /** The physical index's name. */
  readonly name: string;
  apply(ops: IndexOp[]): Promise<ApplyResult>;
  /** Points the alias at the new index (atomically) and drops the old one. */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * What the search subgraph and the indexer need from a search engine. Two implementations answer the same
 * contract (tests/search-contract.test.ts): the embedded one (MiniSearch, in process) and OpenSearch.
 */
export interface SearchEngine {
  readonly kind: 'embedded' | 'opensearch';
  /** Creates indices and the alias when missing. Idempotent. */
  init(): Promise<void>;
  /**
   * Writes documents, tombstones and the rights projection. Idempotent and order-independent per entity:
   * a write whose version is not newer than the stored one is ignored.
   */
  apply(ops: IndexOp[]): Promise<ApplyResult>;
  search(request: SearchRequest): Promise<SearchResponse>;
  suggest(request: SuggestRequest): Promise<SuggestionModel[]>;
  /** What `userId` may play at `now` (free packages only for anonymous callers). */
  access(userId: string | null, now: Date): Promise<AccessSet>;
  startRebuild(): Promise<RebuildTarget>;
  /** Documents (tombstones excluded) in the index the alias points at. */
  count(): Promise<number>;
  close(): Promise<void>;
}
