/**
 * The guide's rules, pure: how the programmes of one import are cleaned up among themselves, and how they
 * are merged into what a channel already holds.
 *
 * - Natural key: (channel, start). A re-imported programme with the same start updates the stored one (or
 *   leaves it alone when nothing changed), so imports never duplicate.
 * - Within one document: a second programme with the same channel and start is rejected; a programme
 *   without `stop` ends when the next one on its channel starts; a programme running into the next one is
 *   trimmed to end when the next starts (reported as a warning).
 * - Against the stored guide: the import owns its time range on each channel, from its first start to its
 *   last end. Stored programmes inside that range that the import does not list are deleted; those
 *   straddling an edge are trimmed to the edge. A channel therefore never holds overlapping programmes.
 */
import type { LocalizedText } from './localized';
import type { ParsedProgramme, Rejection } from './xmltv-parser';

/** A programme's content, whatever its origin: what an import compares and writes. */
export interface ProgrammeContent {
  start: Date;
  end: Date;
  titles: LocalizedText[];
  subtitles: LocalizedText[];
  descriptions: LocalizedText[];
  categories: LocalizedText[];
  episodeNum: string | null;
  seasonNumber: number | null;
  episodeNumber: number | null;
  rating: string | null;
  ratingSystem: string | null;
  maturityRating: number;
  imageUrl: string | null;
  language: string | null;
}

export interface ImportedProgramme extends ProgrammeContent {
  line: number;
  channel: string;
}

export interface StoredProgramme extends ProgrammeContent {
  id: string;
  version: number;
}

export interface Warning {
  line: number;
  channel: string | null;
  message: string;
}

export interface NormalizedGuide {
  /** Per XMLTV channel id, sorted by start, non-overlapping. */
  byChannel: Map<string, ImportedProgramme[]>;
  rejections: Rejection[];
  warnings: Warning[];
}

const iso = (d: Date) => d.toISOString();

/**
 * Cleans one document's programmes: drops those of unknown channels and duplicates (as rejections), fills
 * missing stops from the next programme, trims overlaps.
 */
export function normalizeProgrammes(programmes: ParsedProgramme[], knownChannels: ReadonlySet<string>): NormalizedGuide {
  const rejections: Rejection[] = [];
  const warnings: Warning[] = [];
  const grouped = new Map<string, ParsedProgramme[]>();
  for (const p of programmes) {
    if (!knownChannels.has(p.channel)) {
      rejections.push({
        line: p.line,
        channel: p.channel,
        start: iso(p.start),
        reason: `unknown channel "${p.channel}": no <channel> element in the document and no channel with this XMLTV id`,
      });
      continue;
    }
    const list = grouped.get(p.channel) ?? [];
    list.push(p);
    grouped.set(p.channel, list);
  }

  const byChannel = new Map<string, ImportedProgramme[]>();
  for (const [channel, list] of grouped) {
    list.sort((a, b) => a.start.getTime() - b.start.getTime() || a.line - b.line);
    const unique: ParsedProgramme[] = [];
    for (const p of list) {
      const previous = unique.at(-1);
      if (previous && previous.start.getTime() === p.start.getTime()) {
        rejections.push({
          line: p.line,
          channel,
          start: iso(p.start),
          reason: `duplicate programme: line ${previous.line} already starts on this channel at ${iso(p.start)}`,
        });
        continue;
      }
      unique.push(p);
    }
    const accepted: ImportedProgramme[] = [];
    unique.forEach((p, i) => {
      const next = unique[i + 1];
      let end = p.end;
      if (!end) {
        if (!next) {
          rejections.push({ line: p.line, channel, start: iso(p.start), reason: 'no stop time, and no following programme on the channel to end it' });
          return;
        }
        end = next.start;
      } else if (next && end.getTime() > next.start.getTime()) {
        warnings.push({
          line: p.line,
          channel,
          message: `overlaps the programme at line ${next.line}: trimmed to end at ${iso(next.start)} instead of ${iso(end)}`,
        });
        end = next.start;
      }
      const {
        line,
        start,
        titles,
        subtitles,
        descriptions,
        categories,
        episodeNum,
        seasonNumber,
        episodeNumber,
        rating,
        ratingSystem,
        maturityRating,
        imageUrl,
        language,
      } = p;
      accepted.push({
        line,
        channel,
        start,
        end,
        titles,
        subtitles,
        descriptions,
        categories,
        episodeNum,
        seasonNumber,
        episodeNumber,
        rating,
        ratingSystem,
        maturityRating,
        imageUrl,
        language,
      });
    });
    if (accepted.length) byChannel.set(channel, accepted);
  }
  rejections.sort((a, b) => a.line - b.line);
  return { byChannel, rejections, warnings };
}

/** The time range an import owns on one channel: [first start, last end). */
export function importedRange(programmes: readonly ProgrammeContent[]): { from: Date; to: Date } {
  let from = programmes[0].start;
  let to = programmes[0].end;
  for (const p of programmes) {
    if (p.start < from) from = p.start;
    if (p.end > to) to = p.end;
  }
  return { from, to };
}

const sameTexts = (a: readonly LocalizedText[], b: readonly LocalizedText[]) =>
  a.length === b.length && a.every((t, i) => t.text === b[i].text && (t.language ?? null) === (b[i].language ?? null));

/** True when storing `next` over `current` would change nothing a reader can see. */
export function sameContent(current: ProgrammeContent, next: ProgrammeContent): boolean {
  return (
    current.start.getTime() === next.start.getTime() &&
    current.end.getTime() === next.end.getTime() &&
    sameTexts(current.titles, next.titles) &&
    sameTexts(current.subtitles, next.subtitles) &&
    sameTexts(current.descriptions, next.descriptions) &&
    sameTexts(current.categories, next.categories) &&
    current.episodeNum === next.episodeNum &&
    current.seasonNumber === next.seasonNumber &&
    current.episodeNumber === next.episodeNumber &&
    current.rating === next.rating &&
    current.ratingSystem === next.ratingSystem &&
    current.maturityRating === next.maturityRating &&
    current.imageUrl === next.imageUrl &&
    current.language === next.language
  );
}

export interface ChannelPlan {
  creates: ImportedProgramme[];
  updates: { stored: StoredProgramme; next: ImportedProgramme }[];
  unchanged: ImportedProgramme[];
  /** Stored programmes inside the imported range that the import does not list. */
  deletes: StoredProgramme[];
  /** Stored programmes straddling an edge of the range, with their new bounds. */
  trims: { stored: StoredProgramme; start: Date; end: Date }[];
}

/**
 * Merges one channel's imported programmes (normalized: sorted, non-overlapping) into the stored ones that
 * overlap the imported range.
 */
export function planChannel(imported: readonly ImportedProgramme[], stored: readonly StoredProgramme[]): ChannelPlan {
  const plan: ChannelPlan = { creates: [], updates: [], unchanged: [], deletes: [], trims: [] };
  if (!imported.length) return plan;
  const { from, to } = importedRange(imported);
  const byStart = new Map(stored.map((s) => [s.start.getTime(), s]));
  const matched = new Set<string>();
  for (const p of imported) {
    const existing = byStart.get(p.start.getTime());
    if (!existing) plan.creates.push(p);
    else {
      matched.add(existing.id);
      if (sameContent(existing, p)) plan.unchanged.push(p);
      else plan.updates.push({ stored: existing, next: p });
    }
  }
  for (const s of stored) {
    if (matched.has(s.id)) continue;
    if (s.end <= from || s.start >= to) continue; // outside the range: untouched
    if (s.start < from) {
      // Starts before the range: keep its head, up to where the import begins.
      plan.trims.push({ stored: s, start: s.start, end: from });
    } else if (s.end > to) {
      // Starts inside, runs past the end: keep its tail, from where the import ends.
      plan.trims.push({ stored: s, start: to, end: s.end });
    } else {
      plan.deletes.push(s);
    }
  }
  return plan;
}

/** True when no two programmes of the list overlap (each ends at or before the next starts). */
export function isNonOverlapping(programmes: readonly { start: Date; end: Date }[]): boolean {
  const sorted = [...programmes].sort((a, b) => a.start.getTime() - b.start.getTime());
  return sorted.every((p, i) => i === 0 || sorted[i - 1].end.getTime() <= p.start.getTime());
}
