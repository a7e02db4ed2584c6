import { descriptorFromFacts } from './content';

describe('content facts sent by the owners through the gateway', () => {
  it('a programme is described by its times and its channel, so channel rights cover it', () => {
    const described = descriptorFromFacts('PROGRAMME', {
      id: 'p1',
      start: '2026-12-01T20:00:00.000Z',
      end: '2026-12-01T21:00:00.000Z',
      channel: { id: 'c1', catchupDays: 7 },
    });
    expect(described).toMatchObject({ channelId: 'c1', catchupDays: 7, start: new Date('2026-12-01T20:00:00Z') });
  });

  it('an episode carries its series, so series rights cover it', () => {
    expect(descriptorFromFacts('EPISODE', { id: 'e1', genreSlugs: ['drama'], series: { id: 's1' } })).toMatchObject({ seriesId: 's1', genreSlugs: ['drama'] });
  });

  it('a reference without the facts is not described, so the owner is asked instead', () => {
    expect(descriptorFromFacts('MOVIE', { id: 'm1' })).toBeNull();
    expect(descriptorFromFacts('EPISODE', { id: 'e1', genreSlugs: [] })).toBeNull();
    expect(descriptorFromFacts('PROGRAMME', { id: 'p1', start: '2026-12-01T20:00:00Z', end: '2026-12-01T21:00:00Z', channel: { id: 'c1' } })).toBeNull();
  });

  it('a channel needs nothing but its id: channels are sold by id', () => {
    expect(descriptorFromFacts('CHANNEL', { id: 'c1' })).toMatchObject({ id: 'c1', type: 'CHANNEL' });
  });
});
