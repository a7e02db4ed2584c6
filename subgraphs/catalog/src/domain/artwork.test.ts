import { artworkFrom } from './artwork';

const fieldErrorsOf = (fn: () => unknown) => {
  try {
    fn();
    return [];
  } catch (error) {
    return (error as { extensions: { fieldErrors: { field: string }[] } }).extensions.fieldErrors.map((f) => f.field);
  }
};

describe('artwork', () => {
  test('sizes default to the kind’s standard size', () => {
    expect(artworkFrom([{ kind: 'backdrop', url: 'https://img.example/b.jpg' }])).toEqual([
      { kind: 'BACKDROP', url: 'https://img.example/b.jpg', width: 1920, height: 1080 },
    ]);
    expect(artworkFrom([{ kind: 'POSTER', url: 'http://img.example/p.jpg', width: 300, height: 450 }])[0]).toMatchObject({ width: 300, height: 450 });
  });

  test('unknown kinds, non-web addresses and impossible sizes are named per entry', () => {
    expect(
      fieldErrorsOf(() =>
        artworkFrom([
          { kind: 'BANNER', url: 'https://img.example/x.jpg' },
          { kind: 'POSTER', url: 'javascript:alert(1)', width: 0 },
        ]),
      ),
    ).toEqual(['artwork.0.kind', 'artwork.1.url', 'artwork.1.width']);
  });
});
