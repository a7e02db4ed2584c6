import { displayTitle, editDistance, MATCH_TIERS, matchTier, primaryLanguage, SOON_BONUS, timelinessScore, TIMELY_BONUS } from './ranking';

const doc = (title: string, altTitles: string[] = []) => ({ title, altTitles });

describe('matchTier', () => {
  it('puts the whole name first, whatever its case and accents', () => {
    expect(matchTier('the matrix', doc('The Matrix'))).toBe(MATCH_TIERS.EXACT);
    expect(matchTier('leon', doc('Léon'))).toBe(MATCH_TIERS.EXACT);
    expect(matchTier('преступление', doc('Crime', ['Преступление']))).toBe(MATCH_TIERS.EXACT);
  });

  it('ranks word-start prefixes, as typed, above typos: "termin" is a prefix of "Terminator 2", not of "Money Train" (two typos from "train")', () => {
    expect(matchTier('termin', doc('Terminator 2: Judgment Day'))).toBe(MATCH_TIERS.PREFIX);
    expect(matchTier('termin', doc('The Terminal'))).toBe(MATCH_TIERS.PREFIX);
    expect(matchTier('star w', doc('Star Wars'))).toBe(MATCH_TIERS.PREFIX);
    expect(matchTier('termin', doc('Money Train'))).toBe(MATCH_TIERS.FUZZY);
  });

  it('counts every word present in any order below a prefix run', () => {
    expect(matchTier('wars star', doc('Star Wars'))).toBe(MATCH_TIERS.ALL_WORDS);
    expect(matchTier('matrix reloaded', doc('The Matrix Reloaded'))).toBe(MATCH_TIERS.PREFIX);
  });

  it('accepts typos within the length budget, transpositions included', () => {
    expect(matchTier('godfater', doc('The Godfather'))).toBe(MATCH_TIERS.FUZZY);
    expect(matchTier('matirx', doc('The Matrix'))).toBe(MATCH_TIERS.FUZZY);
    expect(matchTier('godfater pa', doc('The Godfather: Part II'))).toBe(MATCH_TIERS.FUZZY);
    expect(matchTier('xy', doc('Xz'))).toBe(MATCH_TIERS.OTHER);
  });

  it('matches other titles (original, other languages)', () => {
    expect(matchTier('fabuleux destin', doc('Amélie', ["Le Fabuleux Destin d'Amélie Poulain"]))).toBe(MATCH_TIERS.PREFIX);
  });
});

describe('editDistance', () => {
  it('counts a transposition as one edit and stops at the budget', () => {
    expect(editDistance('matirx', 'matrix', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 1)).toBe(2);
  });
});

describe('timelinessScore', () => {
  const now = new Date('2026-12-01T20:00:00Z');
  const programme = (start: string, end: string) => ({ type: 'PROGRAMME' as const, start, end });
  it('puts airing and upcoming programmes ahead of past ones, the sooner the higher', () => {
    const airing = timelinessScore(programme('2026-12-01T19:30:00Z', '2026-12-01T21:00:00Z'), now);
    const tomorrow = timelinessScore(programme('2026-12-02T20:00:00Z', '2026-12-02T21:00:00Z'), now);
    const past = timelinessScore(programme('2026-12-01T18:00:00Z', '2026-12-01T19:00:00Z'), now);
    expect(airing).toBeGreaterThan(tomorrow);
    expect(tomorrow).toBeGreaterThan(past);
    expect(past).toBe(0);
    // On-demand titles are watchable now: never behind a programme of the same tier.
    expect(timelinessScore({ type: 'MOVIE', start: null, end: null }, now)).toBe(TIMELY_BONUS + SOON_BONUS);
    expect(timelinessScore({ type: 'MOVIE', start: null, end: null }, now)).toBeGreaterThan(airing);
  });
});

describe('languages', () => {
  it('reads the primary language of a tag or an Accept-Language header', () => {
    expect(primaryLanguage('pt-BR,pt;q=0.9,en;q=0.8')).toBe('pt');
    expect(primaryLanguage('RU')).toBe('ru');
    expect(primaryLanguage('*')).toBeNull();
    expect(primaryLanguage(undefined)).toBeNull();
  });

  it('shows the title in the viewer language when there is one', () => {
    const programme = { title: 'Evening News', titlesByLanguage: { en: 'Evening News', es: 'Noticias de la noche' } };
    expect(displayTitle(programme, 'es')).toBe('Noticias de la noche');
    expect(displayTitle(programme, 'fr')).toBe('Evening News');
    expect(displayTitle(programme, null)).toBe('Evening News');
  });
});
