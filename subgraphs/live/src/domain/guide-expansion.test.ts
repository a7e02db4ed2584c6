import { expandGuides } from './guide-expansion';
import { parseXmltv } from './xmltv-parser';

const GUIDE = `<?xml version="1.0" encoding="UTF-8"?>
<tv>
  <channel id="one.tv"><display-name>One</display-name></channel>
  <channel id="two.tv"><display-name>Two &amp; Co</display-name></channel>
  <programme start="20210310060000 +0100" stop="20210310070000 +0100" channel="one.tv"><title lang="es">Noticias</title><title lang="en">News</title><category lang="es">Noticias</category></programme>
  <programme start="20210310070000 +0100" stop="20210310080000 +0100" channel="one.tv"><title lang="es">Dibujos &lt;animados&gt;</title></programme>
  <programme start="20210310200000 +0100" stop="20210310210000 +0100" channel="two.tv"><title>Tématik</title><desc>Le magazine.</desc></programme>
</tv>`;

describe('expandGuides', () => {
  it('replays each real channel day after day over the week, as XMLTV the parser reads back', async () => {
    const from = new Date('2026-12-01T09:30:00Z');
    const documents = expandGuides([await parseXmltv(GUIDE)], 3, 7, from);
    expect(documents).toHaveLength(3);
    const first = await parseXmltv(documents[0]);
    expect(first.rejections).toEqual([]);
    expect(first.channels[0]).toMatchObject({ xmltvId: 'scale-1.one.tv', names: [{ language: null, text: 'One 1' }] });
    expect(first.programmes).toHaveLength(14);
    expect(first.programmes[0]).toMatchObject({
      start: new Date('2026-12-01T05:00:00Z'),
      titles: [
        { language: 'es', text: 'Noticias' },
        { language: 'en', text: 'News' },
      ],
    });
    expect(first.programmes[13].start).toEqual(new Date('2026-12-07T06:00:00Z'));
    expect(first.programmes[1].titles[0].text).toBe('Dibujos <animados>');
    const second = await parseXmltv(documents[1]);
    expect(second.channels[0].names[0].text).toBe('Two & Co 1');
    expect(second.programmes[0].descriptions[0].text).toBe('Le magazine.');
    // More channels than the guides have: the real ones come round again under a new number.
    expect((await parseXmltv(documents[2])).channels[0].xmltvId).toBe('scale-3.one.tv');
  });
});
