/**
 * The live domain's change events (topics `live.channels` and `live.programmes`), in the shapes of the
 * cross-team contract. entityVersion is the row's version, incremented on every write.
 */
import type { DomainEvent } from '@tvstream/service-kit';
import { asLocalizedTexts, toLanguageMap } from '../domain/localized';
import { pickLocalized } from '../domain/localized';

export const CHANNELS_TOPIC = 'live.channels';
export const PROGRAMMES_TOPIC = 'live.programmes';

interface ChannelShape {
  id: string;
  number: number;
  name: string;
  genreSlugs: string[];
  logoUrl: string | null;
  catchupDays: number;
  version: number;
}

interface ProgrammeShape {
  id: string;
  channelId: string;
  start: Date;
  end: Date;
  titles: unknown;
  subtitles: unknown;
  descriptions: unknown;
  categories: unknown;
  language: string | null;
  maturityRating: number;
  episodeNum: string | null;
  imageUrl: string | null;
  version: number;
}

export function channelUpserted(channel: ChannelShape): DomainEvent {
  return {
    topic: CHANNELS_TOPIC,
    type: 'channel.upserted',
    entityId: channel.id,
    entityVersion: channel.version,
    payload: {
      id: channel.id,
      number: channel.number,
      name: channel.name,
      genreSlugs: channel.genreSlugs,
      logoUrl: channel.logoUrl,
      catchupDays: channel.catchupDays,
    },
  };
}

/** A deleted row's version is one past its last write, so a late upsert can never resurrect it. */
export function channelDeleted(channel: ChannelShape): DomainEvent {
  return {
    topic: CHANNELS_TOPIC,
    type: 'channel.deleted',
    entityId: channel.id,
    entityVersion: channel.version + 1,
    payload: {
      id: channel.id,
      number: channel.number,
      name: channel.name,
      genreSlugs: channel.genreSlugs,
      logoUrl: channel.logoUrl,
      catchupDays: channel.catchupDays,
    },
  };
}

export function programmePayload(programme: ProgrammeShape, channelName: string) {
  const titles = asLocalizedTexts(programme.titles);
  const subtitles = asLocalizedTexts(programme.subtitles);
  const descriptions = asLocalizedTexts(programme.descriptions);
  return {
    id: programme.id,
    channelId: programme.channelId,
    channelName,
    start: programme.start.toISOString(),
    end: programme.end.toISOString(),
    title: pickLocalized(titles, null, programme.language) ?? '',
    titles: toLanguageMap(titles),
    subtitle: pickLocalized(subtitles, null, programme.language),
    description: pickLocalized(descriptions, null, programme.language),
    categories: [...new Set(asLocalizedTexts(programme.categories).map((c) => c.text))],
    language: programme.language,
    maturityRating: programme.maturityRating,
    episodeNum: programme.episodeNum,
    imageUrl: programme.imageUrl,
  };
}

export function programmeUpserted(programme: ProgrammeShape, channelName: string): DomainEvent {
  return {
    topic: PROGRAMMES_TOPIC,
    type: 'programme.upserted',
    entityId: programme.id,
    entityVersion: programme.version,
    payload: programmePayload(programme, channelName),
  };
}

export function programmeDeleted(programme: ProgrammeShape, channelName: string): DomainEvent {
  return {
    topic: PROGRAMMES_TOPIC,
    type: 'programme.deleted',
    entityId: programme.id,
    entityVersion: programme.version + 1,
    payload: programmePayload(programme, channelName),
  };
}
