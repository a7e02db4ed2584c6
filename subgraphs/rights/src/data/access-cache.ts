import { indexPackages, type Holdings, type PackageIndex, type PackageRules } from '../domain/access';
import { Prisma, type RightsDb } from './client';
import { loadHoldings } from './holdings-store';

/**
 * The `AccessVersion` row that counts changes to what is sold (packages, and which packages a plan holds).
 * Users' rows are keyed by their ids, which are UUIDs, so this key never meets one.
 */
export const PRODUCTS_VERSION_KEY = 'products';

/** Counts a change to the user's holdings, in the transaction that makes it. */
export async function bumpAccessVersion(tx: Prisma.TransactionClient, key: string): Promise<number> {
  const { version } = await tx.accessVersion.upsert({ where: { userId: key }, create: { userId: key, version: 1 }, update: { version: { increment: 1 } } });
  return version;
}

interface Entry<T> {
  versions: string;
  value: T;
  at: number;
}

/**
 * The viewer's holdings and every package's rules, kept in process between requests and reused while the
 * versions PostgreSQL holds for them are unchanged. Every write that changes a user's holdings bumps that
 * user's version, and every write to packages or plans the products version, in the same transaction, so a
 * replica sees a purchase as soon as it is committed: each request still reads both versions (one
 * statement), never the rows behind them when they did not move. `maxAgeMs` and `maxViewers` only bound
 * memory; entries are facts, not decisions, so expiry dates are still judged at each request's clock.
 */
export class AccessCache {
  private readonly holdings = new Map<string, Entry<Holdings>>();
  private rules: Entry<{ rules: Map<string, PackageRules>; index: PackageIndex }> | null = null;

  constructor(
    private readonly db: RightsDb,
    private readonly maxAgeMs = 60_000,
    private readonly maxViewers = 10_000,
  ) {}

  /**
   * Versions of the viewer's holdings (`null` for none) and of the products, in one statement. Every signed-in
   * request that asks for entitlements runs it, so it is written as SQL: Prisma's `findMany` cost about twice
   * the CPU of the same statement sent raw (its query compiler and result mapping).
   */
  private async versions(userId: string | null): Promise<{ user: number; products: number }> {
    const keys = userId ? [userId, PRODUCTS_VERSION_KEY] : [PRODUCTS_VERSION_KEY];
    const rows = await this.db.$queryRaw<{ userId: string; version: number }[]>`
      SELECT "userId", "version" FROM "rights"."AccessVersion" WHERE "userId" IN (${Prisma.join(keys)})`;
    const of = (key: string) => rows.find((r) => r.userId === key)?.version ?? 0;
    return { user: userId ? of(userId) : 0, products: of(PRODUCTS_VERSION_KEY) };
  }

  /**
   * The packages' rules (also as an index, built once per load) and, for a signed-in viewer, their holdings.
   * The versions are read before the rows, so rows cached under a version are never older than it.
   */
  async read(userId: string | null): Promise<{ rules: Map<string, PackageRules>; index: PackageIndex; holdings: Holdings | null }> {
    const versions = await this.versions(userId);
    const now = Date.now();
    const fresh = <T>(entry: Entry<T> | null | undefined, key: string): entry is Entry<T> => !!entry && entry.versions === key && now - entry.at < this.maxAgeMs;
    const productsKey = String(versions.products);
    let rules = this.rules;
    if (!fresh(rules, productsKey)) {
      const rows = await this.db.package.findMany({ select: { id: true, free: true, titleIds: true, channelIds: true, genreSlugs: true } });
      const map = new Map(rows.map((p) => [p.id, p]));
      rules = this.rules = { versions: productsKey, value: { rules: map, index: indexPackages(map) }, at: now };
    }
    if (!userId) return { ...rules.value, holdings: null };
    // A plan's packages are part of its subscribers' holdings, so they are kept under both versions.
    const holdingsKey = `${versions.user}:${versions.products}`;
    let entry = this.holdings.get(userId);
    if (!fresh(entry, holdingsKey)) {
      const { subscriptions, purchases, grants } = await loadHoldings(this.db, userId);
      entry = { versions: holdingsKey, value: { subscriptions, purchases, grants }, at: now };
      this.holdings.delete(userId);
      if (this.holdings.size >= this.maxViewers) this.holdings.delete(this.holdings.keys().next().value!);
      this.holdings.set(userId, entry);
    }
    return { ...rules.value, holdings: entry.value };
  }
}
