/**
 * Turns the other services' change events into index writes. Pure: the indexer feeds it events from
 * Kafka or from the outbox, and both engines apply the result. An event it cannot read is a poison event
 * (PoisonEventError, with the reason) that goes to the dead-letter topic instead of blocking the stream.
 */
import { slugify } from './text';
import type { ContentOp, EntitlementGrant, HitType, IndexOp, SearchDocument } from './search-types';

/** An event as the indexer receives it, whatever transport brought it. */
export interface ConsumedEvent {
  /** The domain topic, without any deployment prefix (e.g. `catalog.titles`). */
  topic: string;
  type: string;
  entityId: string;
  entityVersion: number;
  payload: unknown;
}

export const SEARCH_TOPICS = ['catalog.titles', 'live.channels', 'live.programmes', 'rights.packages', 'rights.entitlements'] as const;

export class PoisonEventError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoisonEventError';
  }
}

type Payload = Record<string, unknown>;

function object(value: unknown, what: string): Payload {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new PoisonEventError(`${what} is not an object`);
  return value as Payload;
}

function str(p: Payload, key: string, required = true): string {
  const value = p[key];
  if (typeof value === 'string' && (value || !required)) return value;
  if (!required && (value === null || value === undefined)) return '';
  throw new PoisonEventError(`payload.${key} must be a${required ? ' non-empty' : ''} string`);
}

function optionalStr(p: Payload, key: string): string | null {
  const value = p[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new PoisonEventError(`payload.${key} must be a string or null`);
  return value;
}

function num(p: Payload, key: string, fallback: number | null): number | null {
  const value = p[key];
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new PoisonEventError(`payload.${key} must be a number`);
  return value;
}

function strings(p: Payload, key: string): string[] {
  const value = p[key] ?? [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new PoisonEventError(`payload.${key} must be a list of strings`);
  return value;
}

function instant(p: Payload, key: string, required: boolean): string | null {
  const value = optionalStr(p, key);
  if (value === null) {
    if (required) throw new PoisonEventError(`payload.${key} is required`);
    return null;
  }
  if (Number.isNaN(Date.parse(value))) throw new PoisonEventError(`payload.${key} is not an ISO instant`);
  return value;
}

const TITLE_KINDS: Record<string, HitType> = { MOVIE: 'MOVIE', SERIES: 'SERIES', EPISODE: 'EPISODE' };

function titleKind(p: Payload): HitType {
  const kind = TITLE_KINDS[String(p.kind)];
  if (!kind) throw new PoisonEventError(`payload.kind ${JSON.stringify(p.kind)} is not MOVIE, SERIES or EPISODE`);
  return kind;
}

/** Only published titles are searchable: any other status writes a tombstone, as a delete does. */
function titleOp(event: ConsumedEvent, p: Payload): ContentOp {
  const type = titleKind(p);
  const base = { kind: 'content' as const, type, id: event.entityId, version: event.entityVersion };
  if (event.type === 'title.deleted') return { ...base, doc: null };
  if (str(p, 'status') !== 'PUBLISHED') return { ...base, doc: null };
  const genres = p.genres ?? [];
  if (!Array.isArray(genres)) throw new PoisonEventError('payload.genres must be a list');
  const year = num(p, 'releaseYear', null);
  const originalTitle = optionalStr(p, 'originalTitle');
  const doc: SearchDocument = {
    type,
    id: event.entityId,
    title: str(p, 'title'),
    altTitles: originalTitle ? [originalTitle] : [],
    titlesByLanguage: {},
    description: optionalStr(p, 'synopsis') ?? '',
    people: [...strings(p, 'cast'), ...strings(p, 'directors'), ...strings(p, 'writers'), ...strings(p, 'producers'), ...strings(p, 'creators')],
    genres: genres.map((g) => str(object(g, 'payload.genres[]'), 'slug')),
    year,
    maturity: num(p, 'maturityRating', 0)!,
    popularity: num(p, 'popularity', 0)!,
    recency: year ? Date.UTC(year, 0, 1) : 0,
    availableFrom: instant(p, 'availableFrom', false),
    availableTo: instant(p, 'availableTo', false),
    start: null,
    end: null,
    seriesId: optionalStr(p, 'seriesId'),
    channelId: null,
    catchupDays: null,
  };
  return { ...base, doc };
}

function channelOp(event: ConsumedEvent, p: Payload): ContentOp {
  const base = { kind: 'content' as const, type: 'CHANNEL' as const, id: event.entityId, version: event.entityVersion };
  if (event.type === 'channel.deleted') return { ...base, doc: null };
  const number = num(p, 'number', null);
  return {
    ...base,
    doc: {
      type: 'CHANNEL',
      id: event.entityId,
      title: str(p, 'name'),
      altTitles: number === null ? [] : [String(number)],
      titlesByLanguage: {},
      description: '',
      people: [],
      genres: strings(p, 'genreSlugs'),
      year: null,
      maturity: 0,
      popularity: 0,
      recency: 0,
      availableFrom: null,
      availableTo: null,
      start: null,
      end: null,
      seriesId: null,
      channelId: event.entityId,
      catchupDays: num(p, 'catchupDays', 0),
    },
  };
}

function programmeOp(event: ConsumedEvent, p: Payload): ContentOp {
  const base = { kind: 'content' as const, type: 'PROGRAMME' as const, id: event.entityId, version: event.entityVersion };
  if (event.type === 'programme.deleted') return { ...base, doc: null };
  const titles = object(p.titles ?? {}, 'payload.titles');
  const titlesByLanguage: Record<string, string> = {};
  for (const [language, text] of Object.entries(titles)) {
    if (typeof text !== 'string') throw new PoisonEventError('payload.titles must map languages to strings');
    // Per-language fields are keyed by the primary subtag ("pt-BR" → "pt"); "und" holds untagged text.
    titlesByLanguage[(language.split('-')[0] || 'und').toLowerCase()] ??= text;
  }
  const title = str(p, 'title');
  const start = instant(p, 'start', true)!;
  const subtitle = optionalStr(p, 'subtitle');
  return {
    ...base,
    doc: {
      type: 'PROGRAMME',
      id: event.entityId,
      title,
      altTitles: [...new Set([...Object.values(titlesByLanguage), ...(subtitle ? [subtitle] : [])])].filter((t) => t !== title),
      titlesByLanguage,
      description: optionalStr(p, 'description') ?? '',
      people: [],
      genres: [...new Set(strings(p, 'categories').map(slugify).filter(Boolean))],
      year: null,
      maturity: num(p, 'maturityRating', 0)!,
      popularity: 0,
      recency: Date.parse(start),
      availableFrom: null,
      availableTo: null,
      start,
      end: instant(p, 'end', true),
      seriesId: null,
      channelId: str(p, 'channelId'),
      catchupDays: null,
    },
  };
}

function grantsOf(p: Payload): EntitlementGrant[] {
  const grants = p.grants ?? [];
  if (!Array.isArray(grants)) throw new PoisonEventError('payload.grants must be a list');
  return grants.map((g) => {
    const grant = object(g, 'payload.grants[]');
    return { packageIds: strings(grant, 'packageIds'), contentIds: strings(grant, 'contentIds'), expiresAt: instant(grant, 'expiresAt', false) };
  });
}

/**
 * The index write an event asks for; null for events search does not use (e.g. audit events on a topic
 * it reads). Throws PoisonEventError when the event is malformed.
 */
export function toIndexOp(event: ConsumedEvent): IndexOp | null {
  if (!event.entityId) throw new PoisonEventError('the event has no entity id');
  if (!Number.isInteger(event.entityVersion) || event.entityVersion < 0) throw new PoisonEventError('the event has no valid entity version');
  const p = object(event.payload, 'payload');
  switch (event.type) {
    case 'title.upserted':
    case 'title.deleted':
      return titleOp(event, p);
    case 'channel.upserted':
    case 'channel.deleted':
      return channelOp(event, p);
    case 'programme.upserted':
    case 'programme.deleted':
      return programmeOp(event, p);
    case 'package.upserted':
      return {
        kind: 'package',
        id: event.entityId,
        version: event.entityVersion,
        pkg: {
          id: event.entityId,
          free: p.free === true,
          titleIds: strings(p, 'titleIds'),
          channelIds: strings(p, 'channelIds'),
          genreSlugs: strings(p, 'genreSlugs'),
        },
      };
    case 'package.deleted':
      return { kind: 'package', id: event.entityId, version: event.entityVersion, pkg: null };
    case 'entitlement.changed':
      return { kind: 'entitlement', userId: event.entityId, version: event.entityVersion, grants: grantsOf(p) };
    default:
      if (SEARCH_TOPICS.includes(event.topic as (typeof SEARCH_TOPICS)[number]) && !event.type.startsWith('entitlement.')) {
        throw new PoisonEventError(`unknown event type ${event.type} on ${event.topic}`);
      }
      return null;
  }
}
