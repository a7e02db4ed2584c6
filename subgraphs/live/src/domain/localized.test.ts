import { chooseLanguage, pickLocalized, pickLocalizedList, toLanguageMap, type LocalizedText } from './localized';

const titles: LocalizedText[] = [
  { language: 'en', text: 'Evening News' },
  { language: 'fr', text: 'Journal du soir' },
  { language: 'pt-BR', text: 'Jornal da noite' },
];

describe('picking a language', () => {
  test('exact match, case-insensitive', () => {
    expect(pickLocalized(titles, 'FR')).toBe('Journal du soir');
  });

  test('same primary language in either direction', () => {
    expect(pickLocalized(titles, 'fr-CA')).toBe('Journal du soir');
    expect(pickLocalized(titles, 'pt')).toBe('Jornal da noite');
  });

  test("falls back to the programme's own language, then the first listed", () => {
    expect(pickLocalized(titles, 'de', 'pt')).toBe('Jornal da noite');
    expect(pickLocalized(titles, 'de')).toBe('Evening News');
    expect(pickLocalized(titles, null)).toBe('Evening News');
  });

  test('an untagged text is preferred over an arbitrary other language', () => {
    expect(
      pickLocalized(
        [
          { language: 'es', text: 'Hola' },
          { language: null, text: 'Hello' },
        ],
        'de',
      ),
    ).toBe('Hello');
    expect(chooseLanguage([], 'en')).toBeUndefined();
    expect(pickLocalized([], 'en')).toBeNull();
  });

  test('lists pick every entry of the chosen language', () => {
    const categories = [
      { language: 'en', text: 'News' },
      { language: 'fr', text: 'Actualités' },
      { language: 'en', text: 'Politics' },
    ];
    expect(pickLocalizedList(categories, 'en')).toEqual(['News', 'Politics']);
    expect(pickLocalizedList(categories, 'fr')).toEqual(['Actualités']);
    expect(pickLocalizedList(categories, 'de')).toEqual(['News', 'Politics']);
  });

  test('events get a language map, untagged texts under "und"', () => {
    expect(toLanguageMap([...titles, { language: null, text: 'x' }])).toEqual({
      en: 'Evening News',
      fr: 'Journal du soir',
      'pt-BR': 'Jornal da noite',
      und: 'x',
    });
  });
});
