import { checkFilters, checkLanguage, checkPage, checkPrefix, checkQuery, cursorAt } from './arguments';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'no error';
};

describe('search arguments', () => {
  it('refuses over-long queries and empty prefixes', () => {
    expect(codeOf(() => checkQuery('x'.repeat(201)))).toBe('BAD_USER_INPUT');
    expect(checkQuery('  matrix ')).toBe('matrix');
    expect(codeOf(() => checkPrefix('   '))).toBe('BAD_USER_INPUT');
  });

  it('takes the language argument, then the profile’s, then Accept-Language, refusing a malformed tag but not a malformed header', () => {
    expect(checkLanguage('pt-BR', 'fr', 'ru')).toBe('pt');
    expect(checkLanguage(null, null, 'ru-RU,ru;q=0.9')).toBe('ru');
    expect(checkLanguage(undefined, null, '*;q=0.5')).toBeNull();
    expect(codeOf(() => checkLanguage('not a language', null, null))).toBe('BAD_USER_INPUT');
    // The active profile's language comes before the header, after the argument.
    expect(checkLanguage(null, 'fr-CA', 'ru-RU,ru;q=0.9')).toBe('fr');
    expect(checkLanguage(undefined, null, 'en')).toBe('en');
  });

  it('checks year bounds and their order', () => {
    expect(codeOf(() => checkFilters({ yearFrom: 2000, yearTo: 1990 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkFilters({ yearFrom: 12 }))).toBe('BAD_USER_INPUT');
    expect(checkFilters({ yearFrom: 1990, yearTo: 2000 })).toMatchObject({ yearFrom: 1990, yearTo: 2000, onNow: false });
  });

  it('"on now" narrows to programmes', () => {
    expect(checkFilters({ onNow: true }).types).toEqual(['PROGRAMME']);
    expect(checkFilters({ onNow: true, types: ['MOVIE'] }).types).toEqual([]);
  });

  it('pages by cursor and refuses forged ones', () => {
    expect(checkPage(10, null)).toEqual({ size: 10, offset: 0 });
    expect(checkPage(10, cursorAt(9))).toEqual({ size: 10, offset: 10 });
    expect(codeOf(() => checkPage(0, null))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkPage(10, 'garbage'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkPage(10, cursorAt(1e7)))).toBe('BAD_USER_INPUT');
  });
});
