import { fold, fuzzyDistance, slugify, synonymVariants, tokens } from './text';

describe('text rules', () => {
  it('folds accents and case', () => {
    expect(fold('Pokémon Ça Ñandú')).toBe('pokemon ca nandu');
    expect(tokens('Amélie: la vie!')).toEqual(['amelie', 'la', 'vie']);
  });

  it('expands synonyms, phrases included', () => {
    expect(synonymVariants('Sci-Fi classics')).toEqual(expect.arrayContaining(['sci fi classics', 'science fiction classics', 'scifi classics']));
    expect(synonymVariants('the matrix')).toEqual(['the matrix']);
  });

  it('allows more typos in longer words, like fuzziness AUTO', () => {
    expect([fuzzyDistance('ab'), fuzzyDistance('star'), fuzzyDistance('matirx')]).toEqual([0, 1, 2]);
  });

  it('slugs categories', () => {
    expect(slugify('Science Fiction')).toBe('science-fiction');
    expect(slugify(' Café & News ')).toBe('cafe-news');
  });
});
