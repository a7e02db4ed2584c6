import { isNonOverlapping, normalizeProgrammes, planChannel, type ImportedProgramme, type StoredProgramme } from './guide-plan';
import type { ParsedProgramme } from './xmltv-parser';

const t = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00Z`);

function parsed(line: number, start: string, end: string | null, title = `P${line}`, channel = 'c'): ParsedProgramme {
  return {
    line,
    channel,
    start: t(start),
    end: end ? t(end) : null,
    titles: [{ language: 'en', text: title }],
    subtitles: [],
    descriptions: [],
    categories: [],
    episodeNum: null,
    seasonNumber: null,
    episodeNumber: null,
    rating: null,
    ratingSystem: null,
    maturityRating: 0,
    imageUrl: null,
    language: null,
  };
}

const imported = (p: ParsedProgramme): ImportedProgramme => ({ ...p, end: p.end! });
const stored = (id: string, start: string, end: string, title = id): StoredProgramme => ({
  ...imported(parsed(0, start, end, title)),
  id,
  version: 3,
});

describe('cleaning up one document', () => {
  test('unknown channels and duplicate starts are rejected with line numbers', () => {
    const result = normalizeProgrammes(
      [parsed(10, '10:00', '11:00'), parsed(11, '10:00', '10:30', 'dup'), parsed(12, '10:00', '11:00', 'x', 'nowhere')],
      new Set(['c']),
    );
    expect(result.byChannel.get('c')!.map((p) => p.line)).toEqual([10]);
    expect(result.rejections.map((r) => [r.line, r.reason])).toEqual([
      [11, expect.stringContaining('duplicate programme: line 10')],
      [12, expect.stringContaining('unknown channel "nowhere"')],
    ]);
  });

  test('a missing stop is the next programme’s start; the last one without stop is rejected', () => {
    const result = normalizeProgrammes([parsed(2, '11:00', null), parsed(1, '10:00', null), parsed(3, '12:00', null)], new Set(['c']));
    expect(result.byChannel.get('c')!.map((p) => [p.line, p.start.toISOString(), p.end.toISOString()])).toEqual([
      [1, t('10:00').toISOString(), t('11:00').toISOString()],
      [2, t('11:00').toISOString(), t('12:00').toISOString()],
    ]);
    expect(result.rejections).toEqual([expect.objectContaining({ line: 3, reason: expect.stringContaining('no stop time') })]);
  });

  test('overlaps inside a document are trimmed, with a warning', () => {
    const result = normalizeProgrammes([parsed(1, '10:00', '11:15'), parsed(2, '11:00', '12:00')], new Set(['c']));
    const list = result.byChannel.get('c')!;
    expect(list[0].end).toEqual(t('11:00'));
    expect(isNonOverlapping(list)).toBe(true);
    expect(result.warnings).toEqual([expect.objectContaining({ line: 1, message: expect.stringContaining('trimmed') })]);
  });
});

describe('merging into a stored channel', () => {
  test('same start and content is unchanged, changed content updates, new starts are created', () => {
    const a = imported(parsed(1, '10:00', '11:00', 'A'));
    const b = imported(parsed(2, '11:00', '12:00', 'B (new title)'));
    const c = imported(parsed(3, '12:00', '13:00', 'C'));
    const plan = planChannel([a, b, c], [stored('s1', '10:00', '11:00', 'A'), stored('s2', '11:00', '12:00', 'B')]);
    expect(plan.unchanged).toEqual([a]);
    expect(plan.updates.map((u) => [u.stored.id, u.next.titles[0].text])).toEqual([['s2', 'B (new title)']]);
    expect(plan.creates).toEqual([c]);
    expect(plan.deletes).toEqual([]);
    expect(plan.trims).toEqual([]);
  });

  test('the import owns its range: inside is deleted, edges are trimmed, outside is untouched', () => {
    // Stored: 09–10 (outside), 10–11 straddles the start, 11–12 inside, 12–13 straddles the end, 14–15 outside.
    const storedRows = [
      stored('before', '09:00', '10:00'),
      stored('head', '10:00', '11:00'),
      stored('inside', '11:00', '12:00'),
      stored('tail', '12:00', '13:00'),
      stored('after', '14:00', '15:00'),
    ];
    const incoming = [imported(parsed(1, '10:30', '11:30', 'B1')), imported(parsed(2, '11:30', '12:15', 'B2'))];
    const plan = planChannel(incoming, storedRows);
    expect(plan.creates.map((p) => p.titles[0].text)).toEqual(['B1', 'B2']);
    expect(plan.deletes.map((d) => d.id)).toEqual(['inside']);
    expect(plan.trims.map((x) => [x.stored.id, x.start.toISOString(), x.end.toISOString()])).toEqual([
      ['head', t('10:00').toISOString(), t('10:30').toISOString()],
      ['tail', t('12:15').toISOString(), t('13:00').toISOString()],
    ]);
    // What remains on the channel never overlaps.
    const kept = storedRows.filter((s) => !plan.deletes.includes(s) && !plan.trims.some((x) => x.stored === s));
    const result = [...kept, ...plan.trims.map((x) => ({ start: x.start, end: x.end })), ...incoming];
    expect(isNonOverlapping(result)).toBe(true);
  });

  test('a stored programme covering the whole range keeps its head', () => {
    const plan = planChannel([imported(parsed(1, '11:00', '12:00'))], [stored('long', '10:00', '14:00')]);
    expect(plan.trims.map((x) => [x.start, x.end])).toEqual([[t('10:00'), t('11:00')]]);
  });

  test('a stored programme at a matched start but with a different end is an update', () => {
    const plan = planChannel([imported(parsed(1, '10:00', '10:45', 'A'))], [stored('s', '10:00', '11:00', 'A')]);
    expect(plan.updates).toHaveLength(1);
  });
});
