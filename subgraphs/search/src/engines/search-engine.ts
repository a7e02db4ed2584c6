import type { AuditQuery } from '@tvstream/service-kit';
import type { RecordedReindexJob } from '../domain/reindex-jobs';
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
 * Where reindex jobs are recorded, beside the index they rebuild: with OpenSearch every search instance
 * sees every job, and only one rebuild runs at a time across them.
 */
export interface ReindexJobStore {
  /**
   * Records `job` and takes the one place of the running rebuild; false while another job holds it and still
   * reports progress (a job silent for `staleAfterMs` lost its instance, and its place is taken over).
   */
  claim(job: RecordedReindexJob, staleAfterMs: number): Promise<boolean>;
  /** Records the job's progress (its heartbeat) or its end. */
  save(job: RecordedReindexJob): Promise<void>;
  /** Gives up the running place, if `jobId` holds it. */
  release(jobId: string): Promise<void>;
  get(id: string): Promise<RecordedReindexJob | null>;
  /** The most recently started jobs, newest first. */
  list(size: number): Promise<RecordedReindexJob[]>;
  /** The jobs started by someone matching the audit query's actor and time range, newest first. */
  audited(query: AuditQuery): Promise<RecordedReindexJob[]>;
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
  readonly jobs: ReindexJobStore;
  /** A new index to rebuild into. Only while holding the rebuild place (`jobs.claim`): it drops the indices earlier rebuilds left behind. */
  startRebuild(): Promise<RebuildTarget>;
  /** Documents (tombstones excluded) in the index the alias points at. */
  count(): Promise<number>;
  close(): Promise<void>;
}
