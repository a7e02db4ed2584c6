/**
 * The entitlement rule, in one place: what a viewer holds (subscriptions, rentals, purchases, grants) and
 * whether that covers a piece of content at a given instant. Pure: the clock is an argument.
 */
import { programmeWindow, type ContentDescriptor } from './content';
import { rentalExpiresAt, type RentalClocks } from './rental';

export type EntitlementSource = 'FREE' | 'SUBSCRIPTION' | 'RENTAL' | 'PURCHASE' | 'GRANT';

export interface PackageRules {
  id: string;
  free: boolean;
  titleIds: string[];
  channelIds: string[];
  genreSlugs: string[];
}

/** One thing a viewer holds, reduced to what it opens and until when. */
export interface AccessGrant {
  source: EntitlementSource;
  packageIds: string[];
  contentIds: string[];
  expiresAt: Date | null;
  subscriptionId?: string;
  purchaseId?: string;
  grantId?: string;
  /** A rental whose second clock has not started: used only when nothing else covers the content. */
  unstartedRental?: boolean;
  /** Subscriptions: the plan's cap on concurrent streams. */
  maxConcurrentStreams?: number;
}

export interface SubscriptionFacts {
  id: string;
  status: 'ACTIVE' | 'CANCELLED' | 'PAST_DUE';
  currentPeriodEnd: Date;
  packageIds: string[];
  maxConcurrentStreams: number;
}

export interface PurchaseFacts extends RentalClocks {
  id: string;
  kind: 'RENT' | 'BUY';
  contentId: string;
}

export interface GrantFacts {
  id: string;
  contentId: string | null;
  packageId: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface Holdings {
  subscriptions: SubscriptionFacts[];
  purchases: PurchaseFacts[];
  grants: GrantFacts[];
}

const live = (expiresAt: Date | null, now: Date) => expiresAt === null || expiresAt.getTime() > now.getTime();

/**
 * An active subscription renews, so it has no known end; a cancelled one runs to the end of the paid period;
 * a past-due one (its renewal was declined) opens nothing.
 */
export function subscriptionGrant(sub: SubscriptionFacts, now: Date): AccessGrant | null {
  if (sub.status === 'PAST_DUE') return null;
  const expiresAt = sub.status === 'ACTIVE' ? null : sub.currentPeriodEnd;
  if (!live(expiresAt, now)) return null;
  return {
    source: 'SUBSCRIPTION',
    packageIds: sub.packageIds,
    contentIds: [],
    expiresAt,
    subscriptionId: sub.id,
    maxConcurrentStreams: sub.maxConcurrentStreams,
  };
}

export function purchaseGrant(purchase: PurchaseFacts, now: Date): AccessGrant | null {
  if (purchase.kind === 'BUY') {
    return { source: 'PURCHASE', packageIds: [], contentIds: [purchase.contentId], expiresAt: null, purchaseId: purchase.id };
  }
  const expiresAt = rentalExpiresAt(purchase);
  if (!live(expiresAt, now)) return null;
  return {
    source: 'RENTAL',
    packageIds: [],
    contentIds: [purchase.contentId],
    expiresAt,
    purchaseId: purchase.id,
    unstartedRental: !purchase.firstPlayedAt,
  };
}

export function managerGrant(grant: GrantFacts, now: Date): AccessGrant | null {
  if (grant.revokedAt || !live(grant.expiresAt, now)) return null;
  return {
    source: 'GRANT',
    packageIds: grant.packageId ? [grant.packageId] : [],
    contentIds: grant.contentId ? [grant.contentId] : [],
    expiresAt: grant.expiresAt,
    grantId: grant.id,
  };
}

/** Everything the viewer holds that is in force at `now`. */
export function currentAccess(holdings: Holdings, now: Date): AccessGrant[] {
  return [
    ...holdings.subscriptions.map((s) => subscriptionGrant(s, now)),
    ...holdings.purchases.map((p) => purchaseGrant(p, now)),
    ...holdings.grants.map((g) => managerGrant(g, now)),
  ].filter((g): g is AccessGrant => g !== null);
}

/** Programmes are covered through their channel; episodes through their series too. */
function identities(content: ContentDescriptor): string[] {
  if (content.type === 'PROGRAMME') return content.channelId ? [content.channelId] : [];
  return [content.id, content.seriesId].filter((id): id is string => Boolean(id));
}

const isLive = (content: ContentDescriptor) => content.type === 'CHANNEL' || content.type === 'PROGRAMME';

/** A package's rules with its members as sets, so asking whether it holds a piece of content costs no scan. */
interface PackageMembers {
  id: string;
  titleIds: ReadonlySet<string>;
  channelIds: ReadonlySet<string>;
  genreSlugs: ReadonlySet<string>;
}

const members = (pkg: Pick<PackageRules, 'id' | 'titleIds' | 'channelIds' | 'genreSlugs'>): PackageMembers => ({
  id: pkg.id,
  titleIds: new Set(pkg.titleIds),
  channelIds: new Set(pkg.channelIds),
  genreSlugs: new Set(pkg.genreSlugs),
});

/** Live content is sold by channel; titles by their own id, their series' id or a genre. */
function holds(pkg: PackageMembers, content: ContentDescriptor, ids: readonly string[]): boolean {
  if (isLive(content)) return ids.some((id) => pkg.channelIds.has(id));
  return ids.some((id) => pkg.titleIds.has(id)) || content.genreSlugs.some((g) => pkg.genreSlugs.has(g));
}

/**
 * Every package's rules as sets, built once per load of the rules (they are kept between requests) rather
 * than scanned for each piece of content a screen shows.
 */
export interface PackageIndex {
  byId: ReadonlyMap<string, PackageMembers>;
  /** The free packages, in the rules' order: the first that holds a piece of content is the one named. */
  free: readonly PackageMembers[];
  /** What any free package holds, merged: whether one does, in one lookup. */
  anyFree: PackageMembers;
}

export function indexPackages(packages: ReadonlyMap<string, PackageRules>): PackageIndex {
  const free = [...packages.values()].filter((p) => p.free);
  return {
    byId: new Map([...packages].map(([id, p]) => [id, members(p)])),
    free: free.map((p) => members(p)),
    anyFree: members({
      id: '',
      titleIds: free.flatMap((p) => p.titleIds),
      channelIds: free.flatMap((p) => p.channelIds),
      genreSlugs: free.flatMap((p) => p.genreSlugs),
    }),
  };
}

export interface Entitlement {
  source: EntitlementSource;
  expiresAt: Date | null;
  packageId: string | null;
  grant: AccessGrant | null;
}

/** Prefer what never ends, then what ends last; never spend an unstarted rental when something else covers. */
function better(a: Entitlement, b: Entitlement): Entitlement {
  const rank = (e: Entitlement) => [e.grant?.unstartedRental ? 1 : 0, e.expiresAt ? 1 : 0, -(e.expiresAt?.getTime() ?? 0)];
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i += 1) if (ra[i] !== rb[i]) return ra[i] < rb[i] ? a : b;
  return a;
}

/**
 * One viewer's entitlement rule at one instant: what they hold in force (plus free packages, for any
 * signed-in account) against every package. Built once per request, then asked for each piece of content.
 */
export interface EntitlementScope {
  /** Why `content` is covered (see `findEntitlement`), or null. */
  find(content: ContentDescriptor): Entitlement | null;
  /** Whether it is covered at all: `find(content) !== null`, without weighing the candidates. */
  covers(content: ContentDescriptor): boolean;
}

export function entitlementScope(access: readonly AccessGrant[], packages: PackageIndex, now: Date): EntitlementScope {
  const gone = (content: ContentDescriptor) => content.type === 'PROGRAMME' && programmeWindow(content, now) === 'GONE';
  const direct = (grant: AccessGrant, ids: readonly string[]) => grant.contentIds.some((id) => ids.includes(id));
  const viaPackage = (grant: AccessGrant, content: ContentDescriptor, ids: readonly string[]) =>
    grant.packageIds.find((id) => {
      const pkg = packages.byId.get(id);
      return pkg !== undefined && holds(pkg, content, ids);
    });
  return {
    find(content) {
      if (gone(content)) return null;
      const ids = identities(content);
      const candidates: Entitlement[] = [];
      for (const pkg of packages.free) {
        if (holds(pkg, content, ids)) candidates.push({ source: 'FREE', expiresAt: null, packageId: pkg.id, grant: null });
      }
      for (const grant of access) {
        const isDirect = direct(grant, ids);
        const pkg = viaPackage(grant, content, ids);
        if (isDirect || pkg) candidates.push({ source: grant.source, expiresAt: grant.expiresAt, packageId: isDirect ? null : (pkg ?? null), grant });
      }
      return candidates.length ? candidates.reduce(better) : null;
    },
    covers(content) {
      if (gone(content)) return false;
      const ids = identities(content);
      return holds(packages.anyFree, content, ids) || access.some((grant) => direct(grant, ids) || Boolean(viaPackage(grant, content, ids)));
    },
  };
}

/**
 * Whether `access` (plus free packages, for any signed-in account) covers `content` at `now`.
 * Programmes past the channel's catch-up days are covered by nothing.
 */
export function findEntitlement(content: ContentDescriptor, access: AccessGrant[], packages: Map<string, PackageRules>, now: Date): Entitlement | null {
  return entitlementScope(access, indexPackages(packages), now).find(content);
}

/** The account's cap: the most generous plan among its subscriptions in force, else the default. */
export function concurrentStreamCap(access: AccessGrant[], defaultCap: number): number {
  const caps = access.map((g) => g.maxConcurrentStreams).filter((c): c is number => c !== undefined);
  return caps.length ? Math.max(...caps) : defaultCap;
}
