/**
 * A streaming XMLTV reader built on saxes (a SAX parser in pure JS): the document is fed in chunks and
 * never held as a tree, only the channel and programme records it yields are kept.
 *
 * Safety: saxes resolves no external entity and fetches no DTD. A `<!DOCTYPE>` that declares entities
 * (the "billion laughs" bomb, or external entities) is refused as soon as the DOCTYPE ends, before any
 * expansion could happen. A plain `<!DOCTYPE tv SYSTEM "xmltv.dtd">` is accepted and ignored.
 *
 * Entries that are well-formed XML but unusable (no channel, bad time, no title…) are collected as
 * rejections with their line numbers; a document that is not well-formed XML fails as a whole.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { LocalizedText } from './localized';
import { maturityFromRating } from './maturity';
import { parseXmltvTime, XmltvTimeError } from './xmltv-time';

export interface ParsedChannel {
  line: number;
  xmltvId: string;
  names: LocalizedText[];
  iconUrl: string | null;
  url: string | null;
}

/** A programme as the guide describes it; `end` is null when the guide gave no `stop`. */
export interface ParsedProgramme {
  line: number;
  channel: string;
  start: Date;
  end: Date | null;
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

export interface Rejection {
  line: number;
  /** The XMLTV channel id the entry named, when it named one. */
  channel: string | null;
  /** The entry's start as written in the guide. */
  start: string | null;
  reason: string;
}

export interface ParsedGuide {
  channels: ParsedChannel[];
  programmes: ParsedProgramme[];
  rejections: Rejection[];
  /** How many `<programme>` elements the document held (accepted + rejected). */
  programmeElements: number;
}

export type XmltvErrorKind = 'MALFORMED' | 'FORBIDDEN_DTD' | 'NOT_XMLTV' | 'TOO_LARGE';

/** The document as a whole is unusable: nothing from it may be written. */
export class XmltvError extends Error {
  constructor(
    readonly kind: XmltvErrorKind,
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Episode numbering: `xmltv_ns` is zero-based `season.episode.part` (each may be `n/total`), `onscreen` is free text. */
export function parseEpisodeNumbers(entries: { system: string | null; text: string }[]) {
  let season: number | null = null;
  let episode: number | null = null;
  const onscreen = entries.find((e) => e.system === 'onscreen')?.text ?? null;
  const ns = entries.find((e) => e.system === 'xmltv_ns')?.text;
  if (ns !== undefined) {
    const [s = '', e = ''] = ns.split('.');
    const number = (part: string) => {
      const m = /^\s*(\d+)\s*(?:\/\s*\d+\s*)?$/.exec(part);
      return m ? Number(m[1]) + 1 : null;
    };
    season = number(s);
    episode = number(e);
  }
  if (onscreen && (season === null || episode === null)) {
    const m = /S\s*(\d+)\s*[-.:]?\s*E(?:p|P)?\s*(\d+)/i.exec(onscreen) ?? /T\s*(\d+)\s*[-.:]?\s*E(?:p|P)?\s*(\d+)/i.exec(onscreen);
    if (m) {
      season ??= Number(m[1]);
      episode ??= Number(m[2]);
    }
  }
  let display = onscreen;
  if (!display && (season !== null || episode !== null)) {
    display = [season !== null ? `S${season}` : null, episode !== null ? `E${episode}` : null].filter(Boolean).join(' ');
  }
  if (!display) display = entries[0]?.text ?? null;
  return { episodeNum: display || null, seasonNumber: season, episodeNumber: episode };
}

interface ProgrammeDraft {
  line: number;
  attrs: Record<string, string>;
  titles: LocalizedText[];
  subtitles: LocalizedText[];
  descriptions: LocalizedText[];
  categories: LocalizedText[];
  episodeNums: { system: string | null; text: string }[];
  ratings: { system: string | null; value: string }[];
  iconUrl: string | null;
  imageUrl: string | null;
  language: string | null;
}

interface ChannelDraft {
  line: number;
  id: string | undefined;
  names: LocalizedText[];
  iconUrl: string | null;
  url: string | null;
}

const TEXT_FIELDS: Record<string, keyof Pick<ProgrammeDraft, 'titles' | 'subtitles' | 'descriptions' | 'categories'>> = {
  title: 'titles',
  'sub-title': 'subtitles',
  desc: 'descriptions',
  category: 'categories',
};

const CAPTURED = new Set(['title', 'sub-title', 'desc', 'category', 'episode-num', 'value', 'language', 'image', 'display-name', 'url']);

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();
const cleanBlock = (text: string) =>
  text
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();

/**
 * Feed it text with `write`, then `close` it for the result. Throws `XmltvError` as soon as the document
 * shows itself unusable.
 */
export class XmltvReader {
  private readonly parser = new SaxesParser({ position: true });
  private readonly channels: ParsedChannel[] = [];
  private readonly programmes: ParsedProgramme[] = [];
  private readonly rejections: Rejection[] = [];
  private programmeElements = 0;
  private stack: string[] = [];
  private programme: ProgrammeDraft | null = null;
  private channel: ChannelDraft | null = null;
  private rating: { system: string | null; value: string } | null = null;
  private capture: { name: string; attrs: Record<string, string>; text: string } | null = null;
  private tagLine = 1;
  private sawRoot = false;
  private bytes = 0;

  constructor(private readonly maxChars = Number.POSITIVE_INFINITY) {
    const p = this.parser;
    p.on('error', (error) => {
      const message = error.message.replace(/^[^:]*:\d+:\d+:\s*/, '');
      throw new XmltvError('MALFORMED', `Malformed XML at line ${p.line}, column ${p.column}: ${message}`, p.line, p.column);
    });
    p.on('doctype', (doctype) => {
      if (/<!ENTITY/i.test(doctype)) {
        throw new XmltvError(
          'FORBIDDEN_DTD',
          `Refused at line ${p.line}: the DOCTYPE declares entities (<!ENTITY>); entity declarations are not accepted (they enable entity-expansion bombs and external entities)`,
          p.line,
          p.column,
        );
      }
    });
    p.on('opentagstart', () => {
      this.tagLine = p.line;
    });
    p.on('opentag', (tag) => this.open(tag as SaxesTagPlain));
    p.on('text', (text) => this.text(text));
    p.on('cdata', (text) => this.text(text));
    p.on('closetag', (tag) => this.close(tag.name));
  }

  write(chunk: string): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxChars) {
      throw new XmltvError('TOO_LARGE', `The document is larger than ${this.maxChars} characters`, this.parser.line, this.parser.column);
    }
    this.parser.write(chunk);
  }

  end(): ParsedGuide {
    this.parser.close();
    if (!this.sawRoot) throw new XmltvError('NOT_XMLTV', 'The document has no <tv> root element', this.parser.line, this.parser.column);
    return { channels: this.channels, programmes: this.programmes, rejections: this.rejections, programmeElements: this.programmeElements };
  }

  private open(tag: SaxesTagPlain) {
    const name = tag.name;
    const attrs = tag.attributes as Record<string, string>;
    const parent = this.stack.at(-1);
    this.stack.push(name);
    if (this.stack.length === 1) {
      if (name !== 'tv') {
        throw new XmltvError('NOT_XMLTV', `Not an XMLTV guide: the root element is <${name}>, expected <tv> (line ${this.tagLine})`, this.tagLine, 1);
      }
      this.sawRoot = true;
      return;
    }
    if (parent === 'tv' && name === 'programme') {
      this.programmeElements++;
      this.programme = {
        line: this.tagLine,
        attrs,
        titles: [],
        subtitles: [],
        descriptions: [],
        categories: [],
        episodeNums: [],
        ratings: [],
        iconUrl: null,
        imageUrl: null,
        language: null,
      };
      return;
    }
    if (parent === 'tv' && name === 'channel') {
      this.channel = { line: this.tagLine, id: attrs.id, names: [], iconUrl: null, url: null };
      return;
    }
    if (this.programme && parent === 'programme') {
      if (name === 'icon' && !this.programme.iconUrl && attrs.src) this.programme.iconUrl = attrs.src.trim();
      if (name === 'rating') this.rating = { system: attrs.system ?? null, value: '' };
    }
    if (this.channel && parent === 'channel' && name === 'icon' && !this.channel.iconUrl && attrs.src) {
      this.channel.iconUrl = attrs.src.trim();
    }
    if (CAPTURED.has(name) && (this.programme || this.channel) && !this.capture) {
      this.capture = { name, attrs, text: '' };
    }
  }

  private text(text: string) {
    if (this.capture) this.capture.text += text;
  }

  private close(name: string) {
    this.stack.pop();
    const capture = this.capture;
    if (capture && capture.name === name) {
      this.capture = null;
      this.captured(capture);
      return;
    }
    if (name === 'rating' && this.programme && this.rating) {
      if (this.rating.value) this.programme.ratings.push(this.rating);
      this.rating = null;
    } else if (name === 'programme' && this.programme && this.stack.length === 1) {
      this.finishProgramme(this.programme);
      this.programme = null;
    } else if (name === 'channel' && this.channel && this.stack.length === 1) {
      this.finishChannel(this.channel);
      this.channel = null;
    }
  }

  private captured({ name, attrs, text }: { name: string; attrs: Record<string, string>; text: string }) {
    const language = attrs.lang?.trim() || null;
    const p = this.programme;
    if (p) {
      const field = TEXT_FIELDS[name];
      if (field) {
        const value = name === 'desc' ? cleanBlock(text) : clean(text);
        if (value) p[field].push({ language, text: value });
      } else if (name === 'episode-num') {
        const value = clean(text);
        if (value) p.episodeNums.push({ system: attrs.system ?? null, text: value });
      } else if (name === 'value' && this.rating) {
        this.rating.value ||= clean(text);
      } else if (name === 'language') {
        p.language ||= clean(text) || null;
      } else if (name === 'image') {
        p.imageUrl ||= clean(text) || null;
      }
      return;
    }
    const c = this.channel;
    if (c) {
      const value = clean(text);
      if (name === 'display-name' && value) c.names.push({ language, text: value });
      if (name === 'url' && value) c.url ||= value;
    }
  }

  private finishChannel(draft: ChannelDraft) {
    const id = draft.id?.trim();
    if (!id) {
      this.rejections.push({ line: draft.line, channel: null, start: null, reason: 'channel has no id attribute' });
      return;
    }
    if (this.channels.some((c) => c.xmltvId === id)) {
      this.rejections.push({ line: draft.line, channel: id, start: null, reason: `channel "${id}" is declared twice` });
      return;
    }
    this.channels.push({ line: draft.line, xmltvId: id, names: draft.names, iconUrl: draft.iconUrl, url: draft.url });
  }

  private finishProgramme(d: ProgrammeDraft) {
    const reasons: string[] = [];
    const channel = d.attrs.channel?.trim() || null;
    const startRaw = d.attrs.start?.trim() || null;
    const stopRaw = d.attrs.stop?.trim() || null;
    if (!channel) reasons.push('missing channel attribute');
    let start: Date | null = null;
    let end: Date | null = null;
    if (!startRaw) reasons.push('missing start attribute');
    else {
      try {
        start = parseXmltvTime(startRaw);
      } catch (error) {
        reasons.push(`invalid start: ${(error as XmltvTimeError).message}`);
      }
    }
    if (stopRaw) {
      try {
        end = parseXmltvTime(stopRaw);
      } catch (error) {
        reasons.push(`invalid stop: ${(error as XmltvTimeError).message}`);
      }
    }
    if (start && end && end.getTime() <= start.getTime()) reasons.push(`stop (${stopRaw}) is not after start (${startRaw})`);
    if (!d.titles.length) reasons.push('missing title');
    if (reasons.length || !start || !channel) {
      this.rejections.push({ line: d.line, channel, start: startRaw, reason: reasons.join('; ') });
      return;
    }
    const episode = parseEpisodeNumbers(d.episodeNums);
    const first = d.ratings[0] ?? null;
    this.programmes.push({
      line: d.line,
      channel,
      start,
      end,
      titles: d.titles,
      subtitles: d.subtitles,
      descriptions: d.descriptions,
      categories: d.categories,
      ...episode,
      rating: first?.value ?? null,
      ratingSystem: first?.system ?? null,
      maturityRating: Math.max(0, ...d.ratings.map((r) => maturityFromRating(r.value, r.system))),
      imageUrl: d.iconUrl ?? d.imageUrl,
      language: d.language,
    });
  }
}

function declaredEncoding(head: Uint8Array): string {
  const text = Buffer.from(head.subarray(0, 256)).toString('latin1');
  const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text);
  return m ? m[1].toLowerCase() : 'utf-8';
}

/**
 * Parses a whole guide from a string or a stream of chunks (bytes are decoded with the encoding the XML
 * declaration names, UTF-8 by default).
 */
export async function parseXmltv(source: string | AsyncIterable<string | Uint8Array>, options: { maxChars?: number } = {}): Promise<ParsedGuide> {
  const reader = new XmltvReader(options.maxChars);
  if (typeof source === 'string') {
    // Large strings go in slices so a bomb or an error is found without scanning everything first.
    for (let i = 0; i < source.length; i += 64 * 1024) reader.write(source.slice(i, i + 64 * 1024));
    return reader.end();
  }
  let decoder: TextDecoder | null = null;
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      reader.write(chunk);
      continue;
    }
    if (!decoder) {
      const encoding = declaredEncoding(chunk);
      try {
        decoder = new TextDecoder(encoding);
      } catch {
        throw new XmltvError('MALFORMED', `Unsupported encoding "${encoding}" in the XML declaration`, 1, 1);
      }
    }
    reader.write(decoder.decode(chunk, { stream: true }));
  }
  if (decoder) reader.write(decoder.decode());
  return reader.end();
}
