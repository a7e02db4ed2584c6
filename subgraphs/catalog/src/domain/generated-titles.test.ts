import { generateCatalog } from './generated-titles';

const real = [
  { title: 'The Godfather', directors: ['Francis Ford Coppola'], genres: ['drama'] },
  { title: 'Star Wars Ep. IV: A New Hope', directors: ['George Lucas'], genres: ['adventure'] },
  { title: 'Amélie', directors: ['Jean-Pierre Jeunet'], genres: ['comedy'] },
];
const count = (c: ReturnType<typeof generateCatalog>) =>
  c.films.length + c.series.reduce((n, s) => n + 1 + s.seasons.reduce((m, season) => m + season.episodes.length, 0), 0);

describe('generateCatalog', () => {
  it('makes exactly the asked number of titles, the same ones on every run', () => {
    const a = generateCatalog(real, 500);
    expect(count(a)).toBe(500);
    expect(generateCatalog(real, 500)).toEqual(a);
    expect(new Set([...a.films, ...a.series.map((s) => s.series)].map((t) => t.slug)).size).toBe(a.films.length + a.series.length);
  });

  it('builds series of seasons of episodes, with names, genres and people from the real list', () => {
    const { series, films } = generateCatalog(real, 2000);
    expect(series.length).toBeGreaterThan(5);
    expect(series[0].seasons[0].number).toBe(1);
    expect(series[0].seasons[0].episodes[0].genres).toEqual(series[0].series.genres);
    const words = new Set(['The', 'Godfather', 'Star', 'Wars', 'New', 'Hope', 'Amélie']);
    expect(films[0].title!.split(' ').every((w) => words.has(w))).toBe(true);
    expect(['drama', 'adventure', 'comedy']).toContain(films[0].genres![0]);
    expect(films[0].directors![0]).toMatch(/^(Francis|George) (Coppola|Lucas)$/);
  });
});
