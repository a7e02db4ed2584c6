import { createHash } from 'node:crypto';
import { ARTWORK_SIZES, POSTER_MEDIA_TYPE } from './artwork';

/**
 * Posters the catalog draws for titles without one of their own: a designed card (a gradient and two shapes
 * chosen by a hash of the title, the title set in large type, the year beneath) as a standalone SVG document,
 * rendered when a title is created or renamed and served by the catalog at a content-addressed URL.
 */

/** What a poster shows. */
export interface PosterText {
  title: string;
  releaseYear?: number | null;
}

/** An image the catalog rendered itself: its bytes, their type, and the SHA-256 (hex) that names them. */
export interface RenderedImage {
  hash: string;
  mediaType: string;
  body: Uint8Array<ArrayBuffer>;
}

const LINE_COLUMNS = 12;
const MAX_LINES = 4;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif';

/** A number per title, so its poster keeps its colours and shapes wherever and whenever it is drawn. */
function hashOf(text: string): number {
  let hash = 7;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) >>> 0;
  return hash;
}

// Characters XML 1.0 does not allow (C0 controls but tab, newline and carriage return; U+FFFE, U+FFFF) and
// unpaired surrogates, which no encoder can write: dropped, so any title makes a well-formed document.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe inside an element or a double- or single-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Made once: a seed at scale draws hundreds of thousands of posters.
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (text: string) => Array.from(GRAPHEMES.segment(text), (s) => s.segment);

// East Asian wide and full-width characters (Han, kana, Hangul, full-width forms) and emoji take about two
// Latin letters' room.
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|\p{Extended_Pictographic}|[\u{20000}-\u{3FFFD}]/u;

/** The room a text takes, in Latin letters. */
export const columns = (text: string) => (/^[ -~]*$/.test(text) ? text.length : graphemes(text).reduce((n, g) => n + (WIDE.test(g) ? 2 : 1), 0));

/** A word wider than a line, cut between characters (scripts without spaces between words are one long "word"). */
function pieces(word: string, width: number): string[] {
  if (columns(word) <= width) return [word];
  const out = [''];
  for (const g of graphemes(word)) {
    if (out[out.length - 1] && columns(out[out.length - 1] + g) > width) out.push('');
    out[out.length - 1] += g;
  }
  return out;
}

/** The title's words in lines of at most `width` columns, at most `max` lines, the last one ending in … when cut. */
export function wrapTitle(title: string, width = LINE_COLUMNS, max = MAX_LINES): string[] {
  const lines: string[] = [];
  for (const word of title.split(/\s+/).filter(Boolean)) {
    for (const piece of pieces(word, width)) {
      const last = lines[lines.length - 1];
      if (last !== undefined && columns(`${last} ${piece}`) <= width) lines[lines.length - 1] = `${last} ${piece}`;
      else lines.push(piece);
    }
  }
  if (lines.length <= max) return lines;
  let cut = lines[max - 1];
  while (columns(cut) > width - 1) cut = graphemes(cut).slice(0, -1).join('');
  return [...lines.slice(0, max - 1), `${cut.trimEnd()}…`];
}

// A title whose first letter is Hebrew, Arabic, Syriac, Thaana or N'Ko is set right to left, from the right edge.
const RIGHT_TO_LEFT = /^[^\p{L}]*[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

function hex(h: number, s: number, l: number): string {
  // HSL → RGB (CSS Color 4), written as hex: every SVG renderer reads it, not only browsers.
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))))
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** The poster as an SVG document, the POSTER kind's standard size drawn on a 200 × 300 grid: no scripts, no styles, no external references, the title escaped. */
export function posterSvg({ title, releaseYear }: PosterText): string {
  const text = title.replace(NOT_XML, '').replace(/\s+/g, ' ').trim();
  const h = hashOf(text);
  const hue = h % 360;
  const second = (hue + 40 + ((h >>> 9) % 120)) % 360;
  const lines = wrapTitle(text);
  const rtl = RIGHT_TO_LEFT.test(text);
  const x = rtl ? 184 : 16;
  const direction = rtl ? ' direction="rtl"' : '';
  const bottom = releaseYear ? 256 : 270;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${ARTWORK_SIZES.POSTER.width}" height="${ARTWORK_SIZES.POSTER.height}" viewBox="0 0 200 300">`,
    `<title>${escapeXml(text)}${releaseYear ? ` (${releaseYear})` : ''}</title>`,
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">`,
    `<stop offset="0" stop-color="${hex(hue, 0.65, 0.38)}"/><stop offset="1" stop-color="${hex(second, 0.7, 0.14)}"/>`,
    `</linearGradient></defs>`,
    `<rect width="200" height="300" fill="url(#g)"/>`,
    `<circle cx="${40 + (h % 120)}" cy="${60 + ((h >>> 4) % 90)}" r="${50 + ((h >>> 7) % 50)}" fill="#fff" opacity="0.08"/>`,
    `<circle cx="${160 - ((h >>> 3) % 100)}" cy="${200 + ((h >>> 5) % 60)}" r="${30 + ((h >>> 11) % 40)}" fill="#000" opacity="0.18"/>`,
    `<text x="${x}" y="${bottom - lines.length * 26}"${direction} fill="#fff" font-family="${FONT}" font-weight="800" font-size="23">`,
    ...lines.map((line) => `<tspan x="${x}" dy="26">${escapeXml(line)}</tspan>`),
    `</text>`,
    ...(releaseYear ? [`<text x="${x}" y="282"${direction} fill="#fff" opacity="0.75" font-family="${FONT}" font-size="14">${releaseYear}</text>`] : []),
    `</svg>`,
    '',
  ].join('\n');
}

/** The poster as stored and served: named by the SHA-256 of its bytes, so its URL never changes meaning. */
export function renderPoster(poster: PosterText): RenderedImage {
  const body = new TextEncoder().encode(posterSvg(poster));
  return { hash: createHash('sha256').update(body).digest('hex'), mediaType: POSTER_MEDIA_TYPE, body };
}
