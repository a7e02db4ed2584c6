import { validateCollectionFields } from './collections';

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
    return [];
  } catch (error) {
    return (error as { extensions: { fieldErrors: { field: string }[] } }).extensions.fieldErrors.map((f) => f.field);
  }
};

test('a rail needs a slug, a name, a genre when it is a genre rail, and a place from 0', () => {
  expect(fieldsOf(() => validateCollectionFields({ slug: 'staff-picks', name: 'Staff picks', kind: 'CURATED' }))).toEqual([]);
  expect(fieldsOf(() => validateCollectionFields({ slug: 'Staff Picks', name: ' ', kind: 'POPULAR_IN_GENRE', position: -1 }))).toEqual([
    'slug',
    'name',
    'genre',
    'position',
  ]);
});
