import type { Prisma } from './generated/client';
import { NOW_NEXT_SQL } from './now-next-sql';
import type { Channel, LiveDb, Programme } from './client';
import type { LocalizedText } from '../domain/localized';
import { asLocalizedTexts } from '../domain/localized';
import type { StoredProgramme } from '../domain/guide-plan';
import { splitNowNext, type NowNextModel } from '../domain/now-next';

export type NowNextRow = NowNextModel<Programme>;

export interface ChannelScheduleModel {
  channel: Channel;
  programmes: Programme[];
}

/** A stored row as the guide rules see it. */
export function toStored(row: Programme): StoredProgramme {
  return {
    id: row.id,
    version: row.version,
    start: row.start,
    end: row.end,
    titles: asLocalizedTexts(row.titles),
    subtitles: asLocalizedTexts(row.subtitles),
    descriptions: asLocalizedTexts(row.descriptions),
    categories: asLocalizedTexts(row.categories),
    episodeNum: row.episodeNum,
    seasonNumber: row.seasonNumber,
    episodeNumber: row.episodeNumber,
    rating: row.rating,
    ratingSystem: row.ratingSystem,
    maturityRating: row.maturityRating,
    imageUrl: row.imageUrl,
    language: row.language,
  };
}

/** Texts as stored in the JSON columns. */
export const textsJson = (texts: readonly LocalizedText[]) =>
  texts.map((t) => ({ language: t.language, text: t.text })) as Prisma.InputJsonValue;

export class ProgrammeStore {
  constructor(private readonly db: LiveDb) {}

  findManyByIds(ids: readonly string[]): Promise<Programme[]> {
    return this.db.programme.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Now and next for many channels in ONE query (see NOW_NEXT_SQL). */
  async nowNext(channelIds: readonly string[], at: Date): Promise<NowNextRow[]> {
    if (!channelIds.length) return [];
    const rows = await this.db.$queryRawUnsafe<(Programme & { requested: string })[]>(NOW_NEXT_SQL, [...channelIds], at);
    const byChannel = new Map<string, Programme[]>();
    for (const { requested, ...programme } of rows) {
      const list = byChannel.get(requested) ?? [];
      list.push(programme);
      byChannel.set(requested, list);
    }
    return channelIds.map((id) => {
      const list = (byChannel.get(id) ?? []).sort((a, b) => a.end.getTime() - b.end.getTime());
      return splitNowNext(id, list, at);
    });
  }

  /** Programmes overlapping [from, to) on the channels, by channel then start. */
  window(channelIds: readonly string[], from: Date, to: Date): Promise<Programme[]> {
    return this.db.programme.findMany({
      where: { channelId: { in: [...channelIds] }, start: { lt: to }, end: { gt: from } },
      orderBy: [{ channelId: 'asc' }, { start: 'asc' }],
    });
  }
}
