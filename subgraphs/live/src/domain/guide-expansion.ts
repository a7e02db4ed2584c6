/**
 * A large guide from real ones, for scale tests and benchmarks: each of `channels` channels replays the
 * schedule of one real channel (taken in turn), repeated day after day over `days` days from `from`, written
 * back as XMLTV so it goes through the importer like any provider's guide.
 */
import escapeHtml from 'escape-html';
import type { LocalizedText } from './localized';
import type { ParsedGuide } from './xmltv-parser';

const DAY = 24 * 3600_000;

/** An instant as XMLTV writes it, in UTC. */
const xmltvTime = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)} +0000`;

const texts = (element: string, values: LocalizedText[]) =>
  values.map((v) => `<${element}${v.language ? ` lang="${escapeHtml(v.language)}"` : ''}>${escapeHtml(v.text)}</${element}>`).join('');

/** One XMLTV document per expanded channel, with its channel element. */
export function expandGuides(guides: ParsedGuide[], channels: number, days: number, from: Date): string[] {
  const templates = guides.flatMap((guide) =>
    guide.channels
      .map((channel) => ({ channel, programmes: guide.programmes.filter((p) => p.channel === channel.xmltvId && p.titles.length) }))
      .filter((t) => t.programmes.length),
  );
  if (!templates.length) return [];
  const documents: string[] = [];
  for (let c = 0; c < channels; c++) {
    const { channel, programmes } = templates[c % templates.length];
    const id = `scale-${c + 1}.${channel.xmltvId}`;
    const name = `${channel.names[0]?.text ?? channel.xmltvId} ${Math.floor(c / templates.length) + 1}`;
    const first = Math.min(...programmes.map((p) => p.start.getTime()));
    const last = Math.max(...programmes.map((p) => (p.end ?? p.start).getTime()));
    // Whole days, so each repeat airs at the hours the provider scheduled.
    const period = Math.max(1, Math.ceil((last - first) / DAY)) * DAY;
    const dayStart = Math.floor(from.getTime() / DAY) * DAY;
    const lines: string[] = [];
    for (let shift = dayStart - Math.floor(first / DAY) * DAY; first + shift < dayStart + days * DAY; shift += period) {
      for (const p of programmes) {
        const start = p.start.getTime() + shift;
        if (start >= dayStart + days * DAY) continue;
        const stop = p.end ? ` stop="${xmltvTime(p.end.getTime() + shift)}"` : '';
        lines.push(
          `<programme start="${xmltvTime(start)}"${stop} channel="${escapeHtml(id)}">${texts('title', p.titles)}${texts('sub-title', p.subtitles)}${texts('desc', p.descriptions)}${texts('category', p.categories)}</programme>`,
        );
      }
    }
    documents.push(
      `<?xml version="1.0" encoding="UTF-8"?>\n<tv><channel id="${escapeHtml(id)}"><display-name>${escapeHtml(name)}</display-name></channel>\n${lines.join('\n')}\n</tv>\n`,
    );
  }
  return documents;
}
