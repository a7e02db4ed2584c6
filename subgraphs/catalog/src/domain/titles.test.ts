import { genreName, nextStatus, slugify, validateEpisodeFields, validateSeasonNumber, validateTitleFields, visibleToViewer } from './titles';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
};
const now = new Date('2026-11-25T12:00:00Z');
const published = { status: 'PUBLISHED' as const, maturityRating: 12, availableFrom: null, availableTo: null };

describe('visibility', () => {
  test('published titles inside their window are visible', () => {
    expect(visibleToViewer(published, now, 18)).toBe(true);
    expect(visibleToViewer({ ...published, availableFrom: new Date('2026-11-01'), availableTo: new Date('2026-12-01') }, now, 18)).toBe(true);
  });
  test('drafts, archived, future and expired titles are not', () => {
    expect(visibleToViewer({ ...published, status: 'DRAFT' }, now, 18)).toBe(false);
    expect(visibleToViewer({ ...published, status: 'ARCHIVED' }, now, 18)).toBe(false);
    expect(visibleToViewer({ ...published, availableFrom: new Date('2026-12-01') }, now, 18)).toBe(false);
    expect(visibleToViewer({ ...published, availableTo: now }, now, 18)).toBe(false);
  });
  test('a profile sees nothing above its maturity limit', () => {
    expect(visibleToViewer(published, now, 7)).toBe(false);
    expect(visibleToViewer(published, now, 12)).toBe(true);
  });
});

describe('status workflow', () => {
  test('draft → published → archived, and unpublish back to draft', () => {
    expect(nextStatus('DRAFT', 'publish')).toBe('PUBLISHED');
    expect(nextStatus('PUBLISHED', 'unpublish')).toBe('DRAFT');
    expect(nextStatus('PUBLISHED', 'archive')).toBe('ARCHIVED');
  });
  test('illegal moves are conflicts', () => {
    expect(codeOf(() => nextStatus('ARCHIVED', 'publish'))).toBe('CONFLICT');
    expect(codeOf(() => nextStatus('DRAFT', 'unpublish'))).toBe('CONFLICT');
    expect(codeOf(() => nextStatus('PUBLISHED', 'publish'))).toBe('CONFLICT');
  });
});

describe('input rules', () => {
  test('every invalid field is reported at once', () => {
    try {
      validateTitleFields({ title: '', maturityRating: 13, releaseYear: 1500, availableFrom: now, availableTo: now }, true);
      throw new Error('expected a refusal');
    } catch (error) {
      const fields = (error as { extensions: { fieldErrors: { field: string }[] } }).extensions.fieldErrors.map((e) => e.field);
      expect(fields).toEqual(['title', 'title', 'maturityRating', 'releaseYear', 'availableTo']);
    }
  });
  test('valid input passes', () => {
    expect(codeOf(() => validateTitleFields({ title: 'Heat', maturityRating: 16, releaseYear: 1995, genres: ['crime'] }, true))).toBe('ok');
  });
  test('slugs fold accents and punctuation', () => {
    expect(slugify('Amélie: Le Fabuleux Destin (2001)')).toBe('amelie-le-fabuleux-destin-2001');
    expect(genreName('science-fiction')).toBe('Science Fiction');
  });
});

describe('seasons and episodes', () => {
  const fieldsOf = (fn: () => unknown) => {
    try {
      fn();
      return [];
    } catch (error) {
      return (error as { extensions: { fieldErrors: { field: string }[] } }).extensions.fieldErrors.map((f) => f.field);
    }
  };
  test('season numbers are whole numbers from 1', () => {
    expect(codeOf(() => validateSeasonNumber(1))).toBe('ok');
    expect(fieldsOf(() => validateSeasonNumber(0))).toEqual(['number']);
    expect(fieldsOf(() => validateSeasonNumber(1.5))).toEqual(['number']);
  });
  test('a new episode needs a title and a number; a change checks only what it sends', () => {
    expect(fieldsOf(() => validateEpisodeFields({ title: ' ', episodeNumber: 0, durationSeconds: -5 }, true))).toEqual([
      'title',
      'episodeNumber',
      'durationSeconds',
    ]);
    expect(fieldsOf(() => validateEpisodeFields({ synopsis: 'x' } as never, false))).toEqual([]);
    expect(fieldsOf(() => validateEpisodeFields({ episodeNumber: -1 }, false))).toEqual(['episodeNumber']);
  });
});

test('credited people need names', () => {
  expect(codeOf(() => validateTitleFields({ cast: ['Ada Lovelace'], directors: [] }, false))).toBe('ok');
  expect(codeOf(() => validateTitleFields({ cast: [' '] }, false))).toBe('BAD_USER_INPUT');
});
