/**
 * XMLTV import: stream-parse the document (nothing written yet), then apply it in ONE transaction with its
 * outbox events, so a document that fails writes nothing and a crash mid-way leaves nothing half-done.
 *
 * Imports are serialized by a transaction-scoped advisory lock, and lock the rows of the channels they touch
 * (editors' programme writes lock the same rows), so concurrent writers never interleave on a channel.
 */
import { randomUUID } from 'node:crypto';
import { badInput, recordAudit, recordEvents, type AuditActor, type DomainEvent } from '@tvstream/service-kit';
import type { Channel, LiveDb, Prisma } from './data/client';
import { textsJson, toStored } from './data/programme-store';
import { nextChannelNumbers } from './domain/channel-rules';
import { normalizeProgrammes, planChannel, importedRange, type ImportedProgramme, type Warning } from './domain/guide-plan';
import { parseXmltv, XmltvError, type ParsedGuide, type Rejection } from './domain/xmltv-parser';
import { channelUpserted, programmeDeleted, programmeUpserted } from './events/live-events';
import { lockChannels } from './guide-manager';

export interface ImportReport {
  channelsCreated: number;
  channelsMatched: number;
  programmes: number;
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  removed: number;
  trimmed: number;
  rejections: Rejection[];
  warnings: Warning[];
  durationMs: number;
}

/** Largest document accepted, in characters (after decompression). */
export const MAX_XMLTV_CHARS = 50 * 1024 * 1024;

const IMPORT_LOCK = 0x6c697665; // "live"

function programmeData(p: ImportedProgramme) {
  return {
    end: p.end,
    titles: textsJson(p.titles),
    subtitles: textsJson(p.subtitles),
    descriptions: textsJson(p.descriptions),
    categories: textsJson(p.categories),
    episodeNum: p.episodeNum,
    seasonNumber: p.seasonNumber,
    episodeNumber: p.episodeNumber,
    rating: p.rating,
    ratingSystem: p.ratingSystem,
    maturityRating: p.maturityRating,
    imageUrl: p.imageUrl,
    language: p.language,
  };
}

/** A document-level failure as the API reports it: BAD_USER_INPUT naming the line. */
export function xmltvFailure(error: XmltvError) {
  return badInput(error.message, [{ field: 'xml', message: error.message }]);
}

export class XmltvImporter {
  constructor(
    private readonly db: LiveDb,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Imports a guide from text or a stream of chunks. Throws BAD_USER_INPUT when the document is unusable.
   * The import is one action in the audit trail, however many programmes it touches.
   */
  async import(source: string | AsyncIterable<string | Uint8Array>, actor: AuditActor): Promise<ImportReport> {
    const started = this.clock();
    let guide: ParsedGuide;
    try {
      guide = await parseXmltv(source, { maxChars: MAX_XMLTV_CHARS });
    } catch (error) {
      if (error instanceof XmltvError) throw xmltvFailure(error);
      throw error;
    }
    const report = await this.db.$transaction(
      async (tx) => {
        const applied = await this.apply(tx, guide);
        const { rejections, warnings, durationMs: _, ...counts } = applied;
        await recordAudit(tx, actor, {
          action: 'xmltv.import',
          targetId: null,
          details: { ...counts, rejections: rejections.length, warnings: warnings.length },
        });
        return applied;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    report.durationMs = Math.round(this.clock() - started);
    return report;
  }

  private async apply(tx: Prisma.TransactionClient, guide: ParsedGuide): Promise<ImportReport> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK}::bigint)`;
    const events: DomainEvent[] = [];

    // Channels: match by XMLTV id, create the unknown ones declared in the document.
    const mentioned = [...new Set([...guide.channels.map((c) => c.xmltvId), ...guide.programmes.map((p) => p.channel)])];
    const existing = await tx.channel.findMany({ where: { xmltvId: { in: mentioned } } });
    const byXmltvId = new Map<string, Channel>(existing.map((c) => [c.xmltvId!, c]));
    const matched = guide.channels.filter((c) => byXmltvId.has(c.xmltvId)).length;
    const toCreate = guide.channels.filter((c) => !byXmltvId.has(c.xmltvId));
    if (toCreate.length) {
      const highest = await tx.channel.aggregate({ _max: { number: true } });
      const numbers = nextChannelNumbers(highest._max.number, toCreate.length);
      const rows = toCreate.map((c, i) => ({
        id: randomUUID(),
        number: numbers[i],
        name: (c.names[0]?.text ?? c.xmltvId).slice(0, 100),
        logoUrl: c.iconUrl,
        xmltvId: c.xmltvId,
        genreSlugs: [] as string[],
      }));
      await tx.channel.createMany({ data: rows });
      for (const created of await tx.channel.findMany({ where: { id: { in: rows.map((r) => r.id) } } })) {
        byXmltvId.set(created.xmltvId!, created);
        events.push(channelUpserted(created));
      }
    }

    // Programmes: clean up the document's own entries, then merge them channel by channel.
    const normalized = normalizeProgrammes(guide.programmes, new Set(byXmltvId.keys()));
    const touched = [...normalized.byChannel.keys()].map((xmltvId) => byXmltvId.get(xmltvId)!);
    await lockChannels(
      tx,
      touched.map((c) => c.id),
    );
    const ranges = touched.map((channel) => ({ channel, ...importedRange(normalized.byChannel.get(channel.xmltvId!)!) }));
    const stored = ranges.length
      ? await tx.programme.findMany({
          where: { OR: ranges.map((r) => ({ channelId: r.channel.id, start: { lt: r.to }, end: { gt: r.from } })) },
        })
      : [];

    const report: ImportReport = {
      channelsCreated: toCreate.length,
      channelsMatched: matched,
      programmes: guide.programmeElements,
      imported: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      removed: 0,
      trimmed: 0,
      rejections: [...guide.rejections, ...normalized.rejections].sort((a, b) => a.line - b.line),
      warnings: normalized.warnings,
      durationMs: 0,
    };
    report.rejected = guide.programmeElements - guide.programmes.length + normalized.rejections.length;

    const creates: Prisma.ProgrammeCreateManyInput[] = [];
    for (const channel of touched) {
      const rows = stored.filter((s) => s.channelId === channel.id);
      const plan = planChannel(normalized.byChannel.get(channel.xmltvId!)!, rows.map(toStored));
      const rowById = new Map(rows.map((r) => [r.id, r]));

      if (plan.deletes.length) {
        await tx.programme.deleteMany({ where: { id: { in: plan.deletes.map((d) => d.id) } } });
        for (const d of plan.deletes) events.push(programmeDeleted(rowById.get(d.id)!, channel.name));
      }
      for (const trim of plan.trims) {
        const row = await tx.programme.update({ where: { id: trim.stored.id }, data: { start: trim.start, end: trim.end, version: { increment: 1 } } });
        events.push(programmeUpserted(row, channel.name));
      }
      for (const { stored: current, next } of plan.updates) {
        const row = await tx.programme.update({ where: { id: current.id }, data: { ...programmeData(next), version: { increment: 1 } } });
        events.push(programmeUpserted(row, channel.name));
      }
      for (const p of plan.creates) {
        const row = { id: randomUUID(), channelId: channel.id, start: p.start, version: 1, ...programmeData(p) };
        creates.push(row);
        events.push(
          programmeUpserted({ ...row, titles: p.titles, subtitles: p.subtitles, descriptions: p.descriptions, categories: p.categories }, channel.name),
        );
      }
      report.imported += plan.creates.length;
      report.updated += plan.updates.length;
      report.unchanged += plan.unchanged.length;
      report.removed += plan.deletes.length;
      report.trimmed += plan.trims.length;
    }
    if (creates.length) await tx.programme.createMany({ data: creates });
    await recordEvents(tx, events);
    return report;
  }
}
