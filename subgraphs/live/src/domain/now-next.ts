/**
 * "On now" and "up next" for a channel, from the first (at most two) programmes that end after an instant,
 * in order. Programmes on a channel never overlap, so ordering by end is ordering by start.
 */
export interface NowNextModel<P = ProgrammeLike> {
  channelId: string;
  now: P | null;
  next: P | null;
}

interface ProgrammeLike {
  start: Date;
  end: Date;
}

export function splitNowNext<P extends ProgrammeLike>(channelId: string, endingAfter: readonly P[], at: Date): NowNextModel<P> {
  const [first, second] = endingAfter;
  if (!first) return { channelId, now: null, next: null };
  // The first programme ending after `at` is on now if it has started; otherwise there is a gap now.
  if (first.start.getTime() <= at.getTime()) return { channelId, now: first, next: second ?? null };
  return { channelId, now: null, next: first };
}
