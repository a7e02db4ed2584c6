import { offersShown, type ShownTitles } from './offer-visibility';

const published = { id: 'offer-1', contentId: 'published-movie' };
const rental = { id: 'offer-2', contentId: 'published-movie' };
const draft = { id: 'offer-3', contentId: 'draft-movie' };

/** The owner shows only the published movie; every question it is asked is kept. */
function owner() {
  const asked: string[][] = [];
  const shownTitles: ShownTitles = (ids) => {
    asked.push(ids);
    return Promise.resolve(new Set(ids.filter((id) => id === 'published-movie')));
  };
  return { asked, shownTitles };
}

describe('only what viewers are shown is for sale or listed', () => {
  it('viewers see only the offers on titles the owner shows, asked once for all the titles', async () => {
    const { asked, shownTitles } = owner();
    expect(await offersShown([published, draft, rental], 'LISTING', false, shownTitles)).toEqual([published, rental]);
    expect(asked).toEqual([['published-movie', 'draft-movie']]);
  });

  it('rights managers see offers on hidden titles listed, without asking the owner', async () => {
    const { asked, shownTitles } = owner();
    expect(await offersShown([published, draft], 'LISTING', true, shownTitles)).toEqual([published, draft]);
    expect(asked).toEqual([]);
  });

  it('nobody buys an offer on a hidden title, rights managers included', async () => {
    for (const managesRights of [false, true]) {
      const { shownTitles } = owner();
      expect(await offersShown([draft], 'SALE', managesRights, shownTitles)).toEqual([]);
      expect(await offersShown([published], 'SALE', managesRights, shownTitles)).toEqual([published]);
    }
  });

  it('no offers: the owner is not asked', async () => {
    const { asked, shownTitles } = owner();
    expect(await offersShown([], 'SALE', false, shownTitles)).toEqual([]);
    expect(asked).toEqual([]);
  });
});
