import { Readable } from 'node:stream';
import { parseEpisodeNumbers, parseXmltv, XmltvError } from './xmltv-parser';

const doc = (body: string, head = '') => `<?xml version="1.0" encoding="UTF-8"?>\n${head}<tv>\n${body}\n</tv>\n`;

describe('the XMLTV reader', () => {
  test('reads channels and programmes with every language, rating, numbering and image', async () => {
    const guide = await parseXmltv(
      doc(`<channel id="news.example">
  <display-name lang="en">News 24</display-name>
  <display-name lang="fr">Info 24</display-name>
  <icon src="https://img.example/news.png"/>
</channel>
<programme start="20261125200000 +0100" stop="20261125210000 +0100" channel="news.example">
  <title lang="en">Evening News</title>
  <title lang="fr">Journal du soir</title>
  <sub-title lang="en">Part &amp; parcel</sub-title>
  <desc lang="en">The day's
     events.</desc>
  <category lang="en">News</category>
  <category lang="fr">Actualités</category>
  <language>en</language>
  <episode-num system="xmltv_ns">1.4.0/1</episode-num>
  <icon src="https://img.example/p.jpg"/>
  <rating system="VCHIP"><value>TV-14</value></rating>
  <rating system="FSK"><value>18</value></rating>
  <credits><director>Someone</director></credits>
</programme>`),
    );
    expect(guide.rejections).toEqual([]);
    expect(guide.channels).toEqual([
      {
        line: 3,
        xmltvId: 'news.example',
        names: [
          { language: 'en', text: 'News 24' },
          { language: 'fr', text: 'Info 24' },
        ],
        iconUrl: 'https://img.example/news.png',
        url: null,
      },
    ]);
    expect(guide.programmes).toHaveLength(1);
    const [p] = guide.programmes;
    expect(p).toMatchObject({
      line: 8,
      channel: 'news.example',
      titles: [
        { language: 'en', text: 'Evening News' },
        { language: 'fr', text: 'Journal du soir' },
      ],
      subtitles: [{ language: 'en', text: 'Part & parcel' }],
      descriptions: [{ language: 'en', text: "The day's\nevents." }],
      categories: [
        { language: 'en', text: 'News' },
        { language: 'fr', text: 'Actualités' },
      ],
      language: 'en',
      episodeNum: 'S2 E5',
      seasonNumber: 2,
      episodeNumber: 5,
      rating: 'TV-14',
      ratingSystem: 'VCHIP',
      maturityRating: 18,
      imageUrl: 'https://img.example/p.jpg',
    });
    expect(p.start.toISOString()).toBe('2026-11-25T19:00:00.000Z');
    expect(p.end!.toISOString()).toBe('2026-11-25T20:00:00.000Z');
  });

  test('unusable entries are rejected with their line and reason, the rest is read', async () => {
    const guide = await parseXmltv(
      doc(`<programme start="20261125200000 +0100" stop="20261125210000 +0100" channel="a"><title>OK</title></programme>
<programme start="tomorrow" channel="a"><title>Bad time</title></programme>
<programme start="20261125200000 +0100" stop="20261125190000 +0100" channel="a"><title>Backwards</title></programme>
<programme start="20261125200000 +0100"><title>No channel</title></programme>
<programme start="20261125220000 +0100" channel="a"></programme>
<channel><display-name>No id</display-name></channel>`),
    );
    expect(guide.programmeElements).toBe(5);
    expect(guide.programmes.map((p) => p.titles[0].text)).toEqual(['OK']);
    expect(guide.rejections.map((r) => [r.line, r.reason])).toEqual([
      [4, expect.stringContaining('invalid start')],
      [5, expect.stringContaining('is not after start')],
      [6, 'missing channel attribute'],
      [7, 'missing title'],
      [8, 'channel has no id attribute'],
    ]);
  });

  test('malformed XML fails as a whole, naming the line', async () => {
    const error = await parseXmltv(
      doc(`<programme start="20261125200000" channel="a"><title>One</title></programme>\n<programme start="x" channel="a"><title>Two</programme>`),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XmltvError);
    expect((error as XmltvError).kind).toBe('MALFORMED');
    expect((error as XmltvError).line).toBe(4);
    expect((error as XmltvError).message).toMatch(/^Malformed XML at line 4/);
  });

  test('a document whose root is not <tv> is refused', async () => {
    await expect(parseXmltv('<rss><channel/></rss>')).rejects.toMatchObject({ kind: 'NOT_XMLTV' });
    await expect(parseXmltv('')).rejects.toBeInstanceOf(XmltvError);
  });

  test('an entity-expansion bomb is refused at its DOCTYPE, fast', async () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE tv [\n${entities.join('\n')}\n]>\n<tv><programme start="20261125200000" channel="a"><title>&lol9;</title></programme></tv>`;
    const started = performance.now();
    await expect(parseXmltv(bomb)).rejects.toMatchObject({ kind: 'FORBIDDEN_DTD', line: 13 });
    expect(performance.now() - started).toBeLessThan(100);
  });

  test('external entities are refused; a plain DOCTYPE with a system id is accepted and never fetched', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE tv [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<tv><programme start="20261125200000" channel="a"><title>&xxe;</title></programme></tv>`;
    await expect(parseXmltv(xxe)).rejects.toMatchObject({ kind: 'FORBIDDEN_DTD' });
    const plain = await parseXmltv(
      doc('<programme start="20261125200000" channel="a"><title>T</title></programme>', '<!DOCTYPE tv SYSTEM "http://unreachable.invalid/xmltv.dtd">\n'),
    );
    expect(plain.programmes).toHaveLength(1);
  });

  test('undeclared entities are malformed XML', async () => {
    await expect(parseXmltv(doc('<programme start="20261125200000" channel="a"><title>&nbsp;</title></programme>'))).rejects.toMatchObject({
      kind: 'MALFORMED',
    });
  });

  test('streams: bytes split anywhere (even inside a multi-byte character) read the same', async () => {
    const text = doc('<programme start="20261125200000" channel="a"><title lang="pt">Programação — ação</title></programme>');
    const bytes = Buffer.from(text, 'utf8');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const guide = await parseXmltv(Readable.from(chunks));
    expect(guide.programmes[0].titles).toEqual([{ language: 'pt', text: 'Programação — ação' }]);
  });

  test('the encoding named in the XML declaration is honoured', async () => {
    const text = '<?xml version="1.0" encoding="ISO-8859-1"?><tv><programme start="20261125200000" channel="a"><title>Caf\u00e9</title></programme></tv>';
    const guide = await parseXmltv(Readable.from([Buffer.from(text, 'latin1')]));
    expect(guide.programmes[0].titles[0].text).toBe('Café');
  });

  test('a size cap stops oversized documents', async () => {
    await expect(parseXmltv(doc('<!--' + 'x'.repeat(1000) + '-->'), { maxChars: 100 })).rejects.toMatchObject({ kind: 'TOO_LARGE' });
  });
});

describe('episode numbering', () => {
  test('xmltv_ns is zero-based season.episode.part', () => {
    expect(parseEpisodeNumbers([{ system: 'xmltv_ns', text: '0.0.0/1' }])).toEqual({ episodeNum: 'S1 E1', seasonNumber: 1, episodeNumber: 1 });
    expect(parseEpisodeNumbers([{ system: 'xmltv_ns', text: ' . 9 . ' }])).toEqual({ episodeNum: 'E10', seasonNumber: null, episodeNumber: 10 });
    expect(parseEpisodeNumbers([{ system: 'xmltv_ns', text: '2/5 . 3/10 . ' }])).toEqual({ episodeNum: 'S3 E4', seasonNumber: 3, episodeNumber: 4 });
  });

  test('onscreen text is shown as written, and read for numbers when needed', () => {
    expect(parseEpisodeNumbers([{ system: 'onscreen', text: 'S05E37' }])).toEqual({ episodeNum: 'S05E37', seasonNumber: 5, episodeNumber: 37 });
    expect(parseEpisodeNumbers([{ system: 'onscreen', text: 'T5 Ep37' }])).toEqual({ episodeNum: 'T5 Ep37', seasonNumber: 5, episodeNumber: 37 });
    expect(parseEpisodeNumbers([])).toEqual({ episodeNum: null, seasonNumber: null, episodeNumber: null });
  });
});
