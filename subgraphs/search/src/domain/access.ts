/**
 * "Available to me", from search's projection of the rights events: the free packages plus everything
 * the viewer's current grants open. Mirrors rights' rule (subgraphs/rights/src/domain/access.ts): titles
 * by id, series id or genre; channels and their programmes by channel id, programmes only until the
 * channel's catch-up days have passed.
 */
import type { AccessSet, EntitlementGrant, PackageRecord, SearchDocument } from './search-types';

export function accessSet(freePackages: PackageRecord[], grants: EntitlementGrant[], packagesById: Map<string, PackageRecord>, now: Date): AccessSet {
  const titleIds = new Set<string>();
  const channelIds = new Set<string>();
  const genreSlugs = new Set<string>();
  const open = (pkg: PackageRecord) => {
    pkg.titleIds.forEach((id) => titleIds.add(id));
    pkg.channelIds.forEach((id) => channelIds.add(id));
    pkg.genreSlugs.forEach((g) => genreSlugs.add(g));
  };
  freePackages.forEach(open);
  for (const grant of grants) {
    if (grant.expiresAt && Date.parse(grant.expiresAt) <= now.getTime()) continue;
    for (const id of grant.packageIds) {
      const pkg = packagesById.get(id);
      if (pkg) open(pkg);
    }
    // A direct grant names the content itself: a title, an episode's series, or a channel.
    for (const id of grant.contentIds) {
      titleIds.add(id);
      channelIds.add(id);
    }
  }
  return { titleIds: [...titleIds], channelIds: [...channelIds], genreSlugs: [...genreSlugs], catchupDays: {} };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The earliest start a programme on a channel with `catchupDays` may have and still be played at `now`. */
export const catchupFloor = (catchupDays: number, now: Date) => new Date(now.getTime() - catchupDays * DAY_MS);

/** Access sets grouped by catch-up days: one range per group, for engines that filter by query. */
export function channelsByCatchup(access: AccessSet): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const id of access.channelIds) {
    const days = access.catchupDays[id] ?? 0;
    groups.set(days, [...(groups.get(days) ?? []), id]);
  }
  return groups;
}

export function accessible(
  doc: Pick<SearchDocument, 'type' | 'id' | 'seriesId' | 'channelId' | 'genres' | 'start' | 'end'>,
  access: AccessSet,
  now: Date,
): boolean {
  if (doc.type === 'CHANNEL') return !!doc.channelId && access.channelIds.includes(doc.channelId);
  if (doc.type === 'PROGRAMME') {
    // As rights (programmeWindow): upcoming or airing, else catch-up for the channel's days after the start.
    if (!doc.channelId || !access.channelIds.includes(doc.channelId) || !doc.start || !doc.end) return false;
    return Date.parse(doc.end) > now.getTime() || Date.parse(doc.start) >= catchupFloor(access.catchupDays[doc.channelId] ?? 0, now).getTime();
  }
  return (
    access.titleIds.includes(doc.id) || (!!doc.seriesId && access.titleIds.includes(doc.seriesId)) || doc.genres.some((g) => access.genreSlugs.includes(g))
  );
}

/** The filters every engine applies besides the text: what the caller may see at `now`. */
export function visibleAt(doc: Pick<SearchDocument, 'availableFrom' | 'availableTo'>, now: Date): boolean {
  const t = now.getTime();
  return (!doc.availableFrom || Date.parse(doc.availableFrom) <= t) && (!doc.availableTo || Date.parse(doc.availableTo) > t);
}

export function airingAt(doc: Pick<SearchDocument, 'type' | 'start' | 'end'>, now: Date): boolean {
  const t = now.getTime();
  return doc.type === 'PROGRAMME' && !!doc.start && !!doc.end && Date.parse(doc.start) <= t && Date.parse(doc.end) > t;
}
