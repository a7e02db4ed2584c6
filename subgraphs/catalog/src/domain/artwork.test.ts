import { artworkFrom, parseImageFileName, shownArtwork } from './artwork';

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

  const hash = 'a'.repeat(64);

  test('apps get the generated poster, an absolute URL under the configured base, while the title has no poster of its own', () => {
    const backdrop = { kind: 'BACKDROP' as const, url: 'https://img.example/b.jpg', width: 1920, height: 1080 };
    expect(shownArtwork([backdrop], hash, 'https://tv.example/artwork/')).toEqual([
      { ...backdrop, generated: false },
      { kind: 'POSTER', url: `https://tv.example/artwork/${hash}.svg`, width: 600, height: 900, generated: true },
    ]);
    expect(shownArtwork([], null, 'https://tv.example/artwork')).toEqual([]);
  });

  test('an editor’s poster wins: the generated one is not offered beside it', () => {
    const poster = { kind: 'POSTER' as const, url: 'https://img.example/p.jpg', width: 600, height: 900 };
    expect(shownArtwork([poster], hash, 'https://tv.example/artwork')).toEqual([{ ...poster, generated: false }]);
  });

  test('only names the catalog gives out parse: a hash and an extension, nothing else', () => {
    expect(parseImageFileName(`${hash}.svg`)).toEqual({ hash, extension: 'svg' });
    for (const name of ['../package.json', `${hash}.svg/..`, `${hash.toUpperCase()}.svg`, hash, `x${hash}.svg`, `${hash}.svg%00.png`, `..%2F${hash}.svg`]) {
      expect({ name, parsed: parseImageFileName(name) }).toEqual({ name, parsed: null });
    }
  });
});
