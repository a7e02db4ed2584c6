/** What rights needs to know about a piece of content owned by catalog or live. */
export type ContentType = 'MOVIE' | 'SERIES' | 'EPISODE' | 'CHANNEL' | 'PROGRAMME';

export interface ContentDescriptor {
  id: string;
  type: ContentType;
  /** Episodes: their series (a series offer or package entry covers them). */
  seriesId?: string | null;
  /** Programmes: the channel they air on (rights to the channel cover them). */
  channelId?: string | null;
  genreSlugs: string[];
  maturityRating: number;
  /** Programmes only. */
  start?: Date;
  end?: Date;
  /** Programmes only: the channel's catch-up days. */
  catchupDays?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export type ProgrammeWindow = 'UPCOMING' | 'LIVE' | 'CATCH_UP' | 'GONE';

/** A programme plays live while airing, then as catch-up for the channel's catch-up days after it started. */
export function programmeWindow(programme: Pick<ContentDescriptor, 'start' | 'end' | 'catchupDays'>, now: Date): ProgrammeWindow {
  const start = programme.start!.getTime();
  const end = programme.end!.getTime();
  const t = now.getTime();
  if (t < start) return 'UPCOMING';
  if (t < end) return 'LIVE';
  return start >= t - (programme.catchupDays ?? 0) * DAY_MS ? 'CATCH_UP' : 'GONE';
}

/** What catalog and live send along with a reference for `entitled` (federation's @requires). */
export interface ContentFacts {
  genreSlugs?: string[];
  series?: { id: string } | null;
  start?: string | Date;
  end?: string | Date;
  channel?: { id: string; catchupDays?: number } | null;
}

/**
 * The descriptor the entitlement rule needs, from facts the owner sent through the gateway; null when they
 * are missing (a caller that sent only the key), so the owner is asked instead. A caller forging facts can
 * only mislead itself: playback asks the owners again.
 */
export function descriptorFromFacts(type: ContentType, ref: { id: string } & ContentFacts): ContentDescriptor | null {
  // Maturity is no part of entitlement (playback checks it against the owner's answer), nor are genres of
  // live content: channels are sold by id, and programmes through their channel.
  const base = { id: ref.id, type, maturityRating: 0, genreSlugs: [] };
  if (type === 'CHANNEL') return base;
  if (type === 'PROGRAMME') {
    const { channel, start, end } = ref;
    if (!channel || channel.catchupDays === undefined || !start || !end) return null;
    return { ...base, channelId: channel.id, catchupDays: channel.catchupDays, start: new Date(start), end: new Date(end) };
  }
  if (!ref.genreSlugs || (type === 'EPISODE' && !ref.series)) return null;
  return { ...base, genreSlugs: ref.genreSlugs, seriesId: ref.series?.id ?? null };
}
