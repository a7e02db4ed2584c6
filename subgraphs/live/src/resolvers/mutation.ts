import { gunzipSync } from 'node:zlib';
import { auditActor, badInput, toDate } from '@tvstream/service-kit';
import type { MutationResolvers } from '../generated/resolvers-types';

/** The document from `xml` or `xmlGzipBase64` (exactly one), decompressed under a size cap. */
export function xmltvDocument(args: { xml?: string | null; xmlGzipBase64?: string | null }, maxBytes: number): string {
  const given = [args.xml, args.xmlGzipBase64].filter((v) => v !== null && v !== undefined);
  if (given.length !== 1) {
    throw badInput('Pass the document as exactly one of `xml` or `xmlGzipBase64`', [{ field: 'xml', message: 'Give xml or xmlGzipBase64' }]);
  }
  if (args.xml !== null && args.xml !== undefined) {
    if (Buffer.byteLength(args.xml) > maxBytes) throw badInput(`The document is larger than ${maxBytes} bytes`, [{ field: 'xml', message: 'Too large' }]);
    return args.xml;
  }
  const encoded = args.xmlGzipBase64!.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) {
    throw badInput('xmlGzipBase64 is not base64', [{ field: 'xmlGzipBase64', message: 'Not base64' }]);
  }
  try {
    return gunzipSync(Buffer.from(encoded, 'base64'), { maxOutputLength: maxBytes }).toString('utf8');
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    const message = tooLarge ? `The decompressed document is larger than ${maxBytes} bytes` : 'xmlGzipBase64 is not gzip data';
    throw badInput(message, [{ field: 'xmlGzipBase64', message }]);
  }
}

const optionalDate = (value: unknown, field: string) => (value === null || value === undefined ? undefined : toDate(value, field));

export const Mutation: MutationResolvers = {
  createChannel: (_, { input }, ctx) => ctx.guide.createChannel(input, auditActor(ctx)),
  updateChannel: (_, { id, input }, ctx) => ctx.guide.updateChannel(id, input, auditActor(ctx)),
  deleteChannel: (_, { id }, ctx) => ctx.guide.deleteChannel(id, auditActor(ctx)),
  createProgramme: (_, { input }, ctx) =>
    ctx.guide.createProgramme({ ...input, start: toDate(input.start, 'start'), end: toDate(input.end, 'end') }, auditActor(ctx)),
  updateProgramme: (_, { id, input }, ctx) =>
    ctx.guide.updateProgramme(id, { ...input, start: optionalDate(input.start, 'start'), end: optionalDate(input.end, 'end') }, auditActor(ctx)),
  deleteProgramme: (_, { id }, ctx) => ctx.guide.deleteProgramme(id, auditActor(ctx)),
  importXmltv: async (_, args, ctx) => {
    const report = await ctx.importer.import(xmltvDocument(args, ctx.xmltvMaxBytes), auditActor(ctx));
    ctx.log.info({ ...report, rejections: report.rejections.length, warnings: report.warnings.length }, 'XMLTV import');
    return report;
  },
};
