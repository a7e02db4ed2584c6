/**
 * Editors' writes: channel CRUD and programme edits. Each runs in one transaction with its outbox events;
 * programme writes lock their channel's row first, so two concurrent edits cannot both pass the overlap
 * check and leave overlapping programmes behind.
 */
import { badInput, conflict, isUuid, notFound, readAuditRecords, recordAudit, recordEvents, type AuditActor, type AuditQuery } from '@tvstream/service-kit';
import type { Channel, LiveDb, Prisma, Programme } from './data/client';
import { textsJson } from './data/programme-store';
import { channelFieldErrors, type ChannelFields } from './domain/channel-rules';
import type { LocalizedText } from './domain/localized';
import { maturityFromRating } from './domain/maturity';
import { programmeFieldErrors } from './domain/programme-rules';
import { channelDeleted, channelUpserted, programmeDeleted, programmeUpserted } from './events/live-events';

type Tx = Prisma.TransactionClient;

/** A text as editors send it: the language may be left out. */
export interface TextInput {
  language?: string | null;
  text: string;
}

export interface ProgrammeInput {
  channelId?: string;
  start?: Date | null;
  end?: Date | null;
  titles?: TextInput[] | null;
  subtitles?: TextInput[] | null;
  descriptions?: TextInput[] | null;
  categories?: TextInput[] | null;
  episodeNum?: string | null;
  seasonNumber?: number | null;
  episodeNumber?: number | null;
  rating?: string | null;
  ratingSystem?: string | null;
  maturityRating?: number | null;
  imageUrl?: string | null;
  language?: string | null;
}

function uniqueViolation(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { code?: string }).code === 'P2002';
}

const normalizeTexts = (texts: TextInput[] | null | undefined): LocalizedText[] =>
  (texts ?? []).map((t) => ({ language: t.language?.trim() || null, text: t.text.trim() })).filter((t) => t.text);

/** What an audit entry says about a programme: enough to find it again once it is gone. */
const programmeNote = (p: Programme, channel: string) => ({
  channel,
  title: (p.titles as { text?: string }[])[0]?.text ?? null,
  start: p.start.toISOString(),
  end: p.end.toISOString(),
});

/** Locks a channel's row for the rest of the transaction (programme writes on it queue behind). */
export async function lockChannels(tx: Tx, ids: string[]) {
  if (!ids.length) return;
  await tx.$queryRaw`SELECT id FROM "live"."Channel" WHERE id = ANY(${[...ids].sort()}::uuid[]) ORDER BY id FOR UPDATE`;
}

export class GuideManager {
  constructor(private readonly db: LiveDb) {}

  /** Live's part of the audit trail: editors' channel and programme changes and guide imports. */
  auditTrail(query: AuditQuery) {
    return readAuditRecords(this.db, query);
  }

  async createChannel(input: ChannelFields & { number: number; name: string }, actor: AuditActor): Promise<Channel> {
    const errors = channelFieldErrors(input, true);
    if (errors.length) throw badInput('Invalid channel', errors);
    return this.channelWrite(async (tx) => {
      await this.assertChannelKeysFree(tx, input);
      const channel = await tx.channel.create({
        data: {
          number: input.number,
          name: input.name.trim(),
          logoUrl: input.logoUrl ?? null,
          streamUrl: input.streamUrl ?? null,
          genreSlugs: [...new Set(input.genreSlugs ?? [])],
          catchupDays: input.catchupDays ?? 0,
          xmltvId: input.xmltvId?.trim() ?? null,
        },
      });
      await recordEvents(tx, [channelUpserted(channel)]);
      await recordAudit(tx, actor, { action: 'channel.create', targetId: channel.id, details: { number: channel.number, name: channel.name } });
      return channel;
    });
  }

  async updateChannel(id: string, input: ChannelFields, actor: AuditActor): Promise<Channel> {
    const errors = channelFieldErrors(input, false);
    if (errors.length) throw badInput('Invalid channel', errors);
    return this.channelWrite(async (tx) => {
      const current = isUuid(id) ? await tx.channel.findUnique({ where: { id } }) : null;
      if (!current) throw notFound('Channel', id);
      await this.assertChannelKeysFree(tx, input, id);
      const data: Prisma.ChannelUpdateInput = { version: { increment: 1 } };
      if (input.number !== undefined && input.number !== null) data.number = input.number;
      if (input.name !== undefined && input.name !== null) data.name = input.name.trim();
      if (input.logoUrl !== undefined) data.logoUrl = input.logoUrl;
      if (input.streamUrl !== undefined) data.streamUrl = input.streamUrl;
      if (input.genreSlugs !== undefined) data.genreSlugs = [...new Set(input.genreSlugs ?? [])];
      if (input.catchupDays !== undefined) data.catchupDays = input.catchupDays ?? 0;
      if (input.xmltvId !== undefined) data.xmltvId = input.xmltvId?.trim() || null;
      const channel = await tx.channel.update({ where: { id }, data });
      await recordEvents(tx, [channelUpserted(channel)]);
      await recordAudit(tx, actor, { action: 'channel.update', targetId: id, details: { name: channel.name, changes: input } });
      return channel;
    });
  }

  /** Deletes the channel and its programmes; each programme's deletion is announced too. */
  async deleteChannel(id: string, actor: AuditActor): Promise<string> {
    return this.db.$transaction(async (tx) => {
      const channel = isUuid(id) ? await tx.channel.findUnique({ where: { id } }) : null;
      if (!channel) throw notFound('Channel', id);
      await lockChannels(tx, [id]);
      const programmes = await tx.programme.findMany({ where: { channelId: id } });
      await tx.channel.delete({ where: { id } });
      await recordEvents(tx, [...programmes.map((p) => programmeDeleted(p, channel.name)), channelDeleted(channel)]);
      await recordAudit(tx, actor, {
        action: 'channel.delete',
        targetId: id,
        details: { number: channel.number, name: channel.name, programmes: programmes.length },
      });
      return id;
    });
  }

  async createProgramme(input: ProgrammeInput & { channelId: string; start: Date; end: Date; titles: TextInput[] }, actor: AuditActor): Promise<Programme> {
    const titles = normalizeTexts(input.titles);
    const errors = programmeFieldErrors({ start: input.start, end: input.end, titles, maturityRating: input.maturityRating, imageUrl: input.imageUrl });
    if (errors.length) throw badInput('Invalid programme', errors);
    return this.db.$transaction(async (tx) => {
      const channel = isUuid(input.channelId) ? await tx.channel.findUnique({ where: { id: input.channelId } }) : null;
      if (!channel) throw badInput('Unknown channel', [{ field: 'channelId', message: `No channel ${input.channelId}` }]);
      await lockChannels(tx, [channel.id]);
      await this.assertNoOverlap(tx, channel.id, input.start, input.end);
      const programme = await tx.programme.create({
        data: {
          channelId: channel.id,
          start: input.start,
          end: input.end,
          titles: textsJson(titles),
          subtitles: textsJson(normalizeTexts(input.subtitles)),
          descriptions: textsJson(normalizeTexts(input.descriptions)),
          categories: textsJson(normalizeTexts(input.categories)),
          episodeNum: input.episodeNum ?? null,
          seasonNumber: input.seasonNumber ?? null,
          episodeNumber: input.episodeNumber ?? null,
          rating: input.rating ?? null,
          ratingSystem: input.ratingSystem ?? null,
          maturityRating: input.maturityRating ?? maturityFromRating(input.rating, input.ratingSystem),
          imageUrl: input.imageUrl ?? null,
          language: input.language ?? null,
        },
      });
      await recordEvents(tx, [programmeUpserted(programme, channel.name)]);
      await recordAudit(tx, actor, { action: 'programme.create', targetId: programme.id, details: programmeNote(programme, channel.name) });
      return programme;
    });
  }

  async updateProgramme(id: string, input: ProgrammeInput, actor: AuditActor): Promise<Programme> {
    return this.db.$transaction(async (tx) => {
      const current = isUuid(id) ? await tx.programme.findUnique({ where: { id }, include: { channel: true } }) : null;
      if (!current) throw notFound('Programme', id);
      await lockChannels(tx, [current.channelId]);
      const start = input.start ?? current.start;
      const end = input.end ?? current.end;
      const titles = input.titles ? normalizeTexts(input.titles) : undefined;
      const errors = programmeFieldErrors({ start, end, titles, maturityRating: input.maturityRating, imageUrl: input.imageUrl });
      if (errors.length) throw badInput('Invalid programme', errors);
      await this.assertNoOverlap(tx, current.channelId, start, end, id);
      const data: Prisma.ProgrammeUpdateInput = { start, end, version: { increment: 1 } };
      if (titles) data.titles = textsJson(titles);
      if (input.subtitles !== undefined) data.subtitles = textsJson(normalizeTexts(input.subtitles));
      if (input.descriptions !== undefined) data.descriptions = textsJson(normalizeTexts(input.descriptions));
      if (input.categories !== undefined) data.categories = textsJson(normalizeTexts(input.categories));
      for (const key of ['episodeNum', 'seasonNumber', 'episodeNumber', 'ratingSystem', 'imageUrl', 'language'] as const) {
        if (input[key] !== undefined) (data as Record<string, unknown>)[key] = input[key];
      }
      if (input.rating !== undefined) {
        data.rating = input.rating;
        data.maturityRating = input.maturityRating ?? maturityFromRating(input.rating, input.ratingSystem ?? current.ratingSystem);
      } else if (input.maturityRating !== undefined && input.maturityRating !== null) {
        data.maturityRating = input.maturityRating;
      }
      const programme = await tx.programme.update({ where: { id }, data });
      await recordEvents(tx, [programmeUpserted(programme, current.channel.name)]);
      await recordAudit(tx, actor, { action: 'programme.update', targetId: id, details: programmeNote(programme, current.channel.name) });
      return programme;
    });
  }

  async deleteProgramme(id: string, actor: AuditActor): Promise<string> {
    return this.db.$transaction(async (tx) => {
      const current = isUuid(id) ? await tx.programme.findUnique({ where: { id }, include: { channel: true } }) : null;
      if (!current) throw notFound('Programme', id);
      // Same lock as imports and edits take, so an import never plans around a row that is going away.
      await lockChannels(tx, [current.channelId]);
      await tx.programme.delete({ where: { id } });
      await recordEvents(tx, [programmeDeleted(current, current.channel.name)]);
      await recordAudit(tx, actor, { action: 'programme.delete', targetId: id, details: programmeNote(current, current.channel.name) });
      return id;
    });
  }

  private async channelWrite<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.db.$transaction(work);
    } catch (error) {
      // Two editors racing for the same number: the unique index decides, the loser gets CONFLICT.
      if (uniqueViolation(error)) throw conflict('Another channel already uses this number or XMLTV id');
      throw error;
    }
  }

  private async assertChannelKeysFree(tx: Tx, input: ChannelFields, exceptId?: string) {
    if (input.number !== undefined && input.number !== null) {
      const taken = await tx.channel.findFirst({ where: { number: input.number, ...(exceptId ? { id: { not: exceptId } } : {}) } });
      if (taken) throw conflict(`Channel number ${input.number} is taken by "${taken.name}"`);
    }
    const xmltvId = input.xmltvId?.trim();
    if (xmltvId) {
      const taken = await tx.channel.findFirst({ where: { xmltvId, ...(exceptId ? { id: { not: exceptId } } : {}) } });
      if (taken) throw conflict(`XMLTV id "${xmltvId}" is taken by "${taken.name}"`);
    }
  }

  private async assertNoOverlap(tx: Tx, channelId: string, start: Date, end: Date, exceptId?: string) {
    const clash = await tx.programme.findFirst({
      where: { channelId, start: { lt: end }, end: { gt: start }, ...(exceptId ? { id: { not: exceptId } } : {}) },
      orderBy: { start: 'asc' },
    });
    if (clash) {
      throw conflict(
        `Overlaps "${(clash.titles as { text?: string }[])[0]?.text ?? 'another programme'}" (${clash.start.toISOString()} – ${clash.end.toISOString()}) on this channel`,
      );
    }
  }
}
