import { PrismaPg } from '@prisma/adapter-pg';
import { setVariables } from './config';
import { insertsOutboxRows, outboxCommitted } from './outbox-commits';

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

type Query = Parameters<Transaction['queryRaw']>[0];

/**
 * Prisma's query interpreter loads an `include`'s relations concurrently. Inside an interactive
 * transaction they all go to the transaction's one pg client, which queues them but warns that pg 9 will
 * refuse it (the DeprecationWarning at start). A transaction's queries therefore leave one after the
 * other, as the connection would run them anyway.
 * A transaction that wrote outbox rows tells the relay once it has committed (outbox-commits.ts): Prisma
 * calls `commit` only after PostgreSQL accepted the COMMIT, so the relay never looks before the rows exist.
 */
function oneQueryAtATime(tx: Transaction, schema: string): Transaction {
  let tail: Promise<unknown> = Promise.resolve();
  let wroteOutbox = false;
  const inTurn = <T>(query: Query, run: () => Promise<T>): Promise<T> => {
    if (insertsOutboxRows(query.sql)) wroteOutbox = true;
    const next = tail.then(run);
    tail = next.catch(() => undefined);
    return next;
  };
  return new Proxy(tx, {
    get(target, key) {
      if (key === 'queryRaw') return (query: Query) => inTurn(query, () => target.queryRaw(query));
      if (key === 'executeRaw') return (query: Query) => inTurn(query, () => target.executeRaw(query));
      if (key === 'commit')
        return async () => {
          await target.commit();
          if (wroteOutbox) outboxCommitted(schema);
        };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * PrismaPg whose interactive transactions send one query at a time, and which tells the relay of outbox rows
 * committed, in a transaction or by a statement of their own.
 */
class OneQueryPerTransaction extends PrismaPg {
  constructor(
    config: ConstructorParameters<typeof PrismaPg>[0],
    private readonly schema: string,
  ) {
    super(config, { schema });
  }

  override async connect(): Promise<Adapter> {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => oneQueryAtATime(await startTransaction(isolationLevel), this.schema);
    for (const method of ['queryRaw', 'executeRaw'] as const) {
      const run = adapter[method].bind(adapter) as (query: Query) => Promise<never>;
      adapter[method] = async (query: Query) => {
        const result = await run(query);
        if (insertsOutboxRows(query.sql)) outboxCommitted(this.schema);
        return result;
      };
    }
    return adapter;
  }
}

/**
 * Interactive transactions of every service's Prisma client. Prisma's own defaults (2 s to get a connection,
 * 5 s to finish) are far shorter than what a plain query waits for the same pool: on a busy or loaded
 * machine writes failed while reads beside them merely waited, and a transaction that outlived 5 s after
 * its work was done (the outbox relay's, around a Kafka send) was rolled back and its work repeated.
 */
export const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/**
 * The driver adapter every service's Prisma client is built on. Each service lives in its own PostgreSQL
 * schema of the shared database, so the schema is set here rather than in the connection string.
 */
export function postgresAdapter(databaseUrl: string, schema: string, maxConnections = Number(setVariables().DATABASE_POOL_MAX ?? 5)) {
  return new OneQueryPerTransaction({ connectionString: databaseUrl, max: maxConnections }, schema);
}

/**
 * What every service's Prisma client is built with: the adapter above on the service's own schema, the
 * transaction limits above, and every SQL statement emitted as a `query` event (the service counts them in
 * `db_queries_total`; tests count them per request).
 */
export function prismaClientOptions(databaseUrl: string, schema: string) {
  return {
    adapter: postgresAdapter(databaseUrl, schema),
    transactionOptions: TRANSACTION_OPTIONS,
    log: [{ emit: 'event' as const, level: 'query' as const }],
  };
}
