import { distinctSuggestions } from './suggestions';

describe('suggestions', () => {
  it('keeps one per name and kind, best first, up to the size', () => {
    const ranked = [
      { text: 'Evening News', type: 'PROGRAMME' as const, id: 'p1' },
      { text: 'evening news', type: 'PROGRAMME' as const, id: 'p2' },
      { text: 'Evening News', type: 'MOVIE' as const, id: 'm1' },
      { text: 'Evensong', type: 'MOVIE' as const, id: 'm2' },
    ];
    expect(distinctSuggestions(ranked, 5).map((s) => s.id)).toEqual(['p1', 'm1', 'm2']);
    expect(distinctSuggestions(ranked, 2).map((s) => s.id)).toEqual(['p1', 'm1']);
  });
});
