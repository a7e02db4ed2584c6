import { createHash } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { columns, escapeXml, posterSvg, renderPoster, wrapTitle } from './poster';

/** The document as an XML parser reads it: its elements and attributes, the text of `<title>` and of each `<tspan>`. */
function parsed(svg: string) {
  const parser = new SaxesParser({ xmlns: true });
  const elements: string[] = [];
  const attributes = new Set<string>();
  const texts: { element: string; text: string }[] = [];
  const open: { element: string; text: string }[] = [];
  parser.on('opentag', (tag) => {
    elements.push(tag.local);
    for (const name of Object.keys(tag.attributes)) attributes.add(name);
    open.push({ element: tag.local, text: '' });
    texts.push(open[open.length - 1]);
  });
  parser.on('closetag', () => open.pop());
  parser.on('text', (text) => {
    if (open.length) open[open.length - 1].text += text;
  });
  parser.write(svg).close();
  const of = (element: string) => texts.filter((t) => t.element === element).map((t) => t.text);
  return { elements, attributes: [...attributes], title: of('title').join(''), lines: of('tspan') };
}

describe('generated posters', () => {
  test('a designed card: a gradient, two shapes, the title in large type and the year, sized as a poster', () => {
    const svg = posterSvg({ title: 'The Godfather', releaseYear: 1972 });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="900" viewBox="0 0 200 300">')).toBe(true);
    const { elements, title, lines } = parsed(svg);
    expect(elements).toEqual(['svg', 'title', 'defs', 'linearGradient', 'stop', 'stop', 'rect', 'circle', 'circle', 'text', 'tspan', 'tspan', 'text']);
    expect(title).toBe('The Godfather (1972)');
    expect(lines).toEqual(['The', 'Godfather']);
    expect(svg).toContain('>1972</text>');
    // Colours as hex, which every SVG renderer reads.
    expect(svg.match(/stop-color="([^"]+)"/g)).toEqual([expect.stringMatching(/"#[0-9a-f]{6}"$/), expect.stringMatching(/"#[0-9a-f]{6}"$/)]);
  });

  test('the same title always gets the same picture, another title another one', () => {
    expect(posterSvg({ title: 'Alien' })).toBe(posterSvg({ title: 'Alien' }));
    expect(posterSvg({ title: 'Alien' }).match(/stop-color="[^"]+"/g)).not.toEqual(posterSvg({ title: 'Aliens' }).match(/stop-color="[^"]+"/g));
  });

  test('nothing in it runs or loads: no script, no event handler, no style, no link to elsewhere', () => {
    const { elements, attributes, title } = parsed(posterSvg({ title: '<script>alert(1)</script> onload="x" <a href="javascript:x">' }));
    expect(title).toBe('<script>alert(1)</script> onload="x" <a href="javascript:x">');
    for (const element of ['script', 'a', 'style', 'image', 'foreignObject', 'use', 'iframe']) expect(elements).not.toContain(element);
    expect(attributes.filter((name) => /^on|href$|^style$/i.test(name))).toEqual([]);
  });

  test('XML special characters are escaped and the document stays well-formed', () => {
    const title = `Tom & Jerry's <"Best"> Bits`;
    const { title: read, lines } = parsed(posterSvg({ title }));
    expect(read).toBe(title);
    expect(lines.join(' ')).toBe(title);
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });

  test('characters XML cannot hold (controls, lone surrogates) are dropped; whitespace runs become one space', () => {
    const title = 'Bad\u0000 \u0007Chars\uD800 here\t\nnow';
    const { title: read } = parsed(posterSvg({ title }));
    expect(read).toBe('Bad Chars here now');
  });

  test('long titles wrap at word boundaries into at most four lines, the last cut with …', () => {
    expect(wrapTitle('Star Wars Ep. IV: A New Hope')).toEqual(['Star Wars', 'Ep. IV: A', 'New Hope']);
    const long = wrapTitle('Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb');
    expect(long).toHaveLength(4);
    expect(long[3].endsWith('…')).toBe(true);
    expect(long.every((line) => columns(line) <= 12)).toBe(true);
    // One word wider than a line is cut between its letters.
    expect(wrapTitle('Supercalifragilistic')).toEqual(['Supercalifra', 'gilistic']);
  });

  test('non-Latin titles: wide characters count double, scripts without spaces wrap, accents and emoji stay whole', () => {
    expect(columns('千と千尋の神隠し')).toBe(16);
    expect(wrapTitle('千と千尋の神隠し')).toEqual(['千と千尋の神', '隠し']);
    expect(wrapTitle('Amélie Poulain')).toEqual(['Amélie', 'Poulain']);
    // A family emoji is one grapheme of several code points: never split.
    expect(wrapTitle('👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦')).toEqual(['👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦', '👨‍👩‍👧‍👦']);
    const { title, lines } = parsed(posterSvg({ title: 'Преступление и наказание' }));
    expect(title).toBe('Преступление и наказание');
    expect(lines).toEqual(['Преступление', 'и наказание']);
  });

  test('a right-to-left title is set from the right edge', () => {
    const svg = posterSvg({ title: 'ואלס עם באשיר' });
    expect(svg).toMatch(/<text x="184" y="\d+" direction="rtl"/);
    expect(posterSvg({ title: 'Waltz with Bashir' })).not.toContain('direction="rtl"');
  });

  test('a rendered poster is named by the SHA-256 of its bytes', () => {
    const image = renderPoster({ title: 'Léon', releaseYear: 1994 });
    expect(image.mediaType).toBe('image/svg+xml');
    expect(image.hash).toBe(createHash('sha256').update(image.body).digest('hex'));
    expect(new TextDecoder().decode(image.body)).toBe(posterSvg({ title: 'Léon', releaseYear: 1994 }));
  });
});
