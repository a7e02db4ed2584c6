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
