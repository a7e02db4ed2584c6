import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { codes, gql } from './client';
import { sqlRows, TEST_DATABASE_URL } from './database';

/** Helpers for the live subgraph's integration tests. */

export const REPORT_FIELDS = `channelsCreated channelsMatched programmes imported updated unchanged rejected removed trimmed
  rejections { line channel start reason } warnings { line channel message } durationMs`;

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
  rejections: { line: number; channel: string | null; start: string | null; reason: string }[];
  warnings: { line: number; channel: string | null; message: string }[];
  durationMs: number;
}

/** Imports a document through the gateway, gzip+base64-encoded like the admin console sends large guides. */
export function importXmltv(xml: string, token: string) {
  return gql<{ importXmltv: ImportReport }>(
    `mutation($doc: String!) { importXmltv(xmlGzipBase64: $doc) { ${REPORT_FIELDS} } }`,
    { doc: gzipSync(Buffer.from(xml, 'utf8')).toString('base64') },
    { token },
  );
}

export const uniqueXmltvId = (label = 'ch') => `${label}-${randomUUID().slice(0, 8)}.test`;

/** `YYYYMMDDhhmmss +0000` for an instant. */
export function xmltvTime(date: Date, offsetMinutes = 0): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}` +
    `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

export interface DocProgramme {
  channel: string;
  start: string;
  stop?: string;
  title: string;
  extra?: string;
}

export function xmltvDoc(channels: { id: string; name: string }[], programmes: DocProgramme[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<tv generator-info-name="tvstream tests">',
    ...channels.map((c) => `  <channel id="${c.id}"><display-name lang="en">${c.name}</display-name></channel>`),
    ...programmes.map(
      (p) =>
        `  <programme start="${p.start}"${p.stop ? ` stop="${p.stop}"` : ''} channel="${p.channel}"><title lang="en">${p.title}</title>${p.extra ?? ''}</programme>`,
    ),
    '</tv>',
    '',
  ].join('\n');
}

/** Creates a channel with a free number (retrying when a concurrent test took the random one). */
export async function createChannel(token: string, input: Record<string, unknown> = {}): Promise<{ id: string; number: number; name: string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const number = 1000 + Math.floor(Math.random() * 8000);
    const res = await gql<{ createChannel: { id: string; number: number; name: string } }>(
      `mutation($input: CreateChannelInput!) { createChannel(input: $input) { id number name } }`,
      { input: { number, name: `Test ${number}`, ...input } },
      { token },
    );
    if (res.data?.createChannel) return res.data.createChannel;
    if (!codes(res).includes('CONFLICT')) throw new Error(`createChannel failed: ${JSON.stringify(res.errors)}`);
  }
  throw new Error('no free channel number');
}

/** Reads the live schema directly (to check what was, or was not, written, events included). */
export const liveSql = <R extends Record<string, unknown>>(sql: string, params: unknown[] = [], before?: string) =>
  sqlRows<R>(sql, params, TEST_DATABASE_URL, before);

/** Outbox events about these channels or their programmes (other test files write events concurrently). */
export async function outboxCountFor(channelIds: string[]): Promise<number> {
  const rows = await liveSql<{ n: string }>(`SELECT count(*) AS n FROM live."OutboxEvent" WHERE "entityId" = ANY($1) OR payload->>'channelId' = ANY($1)`, [
    channelIds,
  ]);
  return Number(rows[0].n);
}
