import { moviesFromVega, repairMisencoded } from './vega-movies';

describe("the movie dataset's text", () => {
  it('is repaired where Windows-1252 was read as Mac Roman', () => {
    expect(repairMisencoded('LÈon')).toBe('Léon');
    expect(repairMisencoded("Le Fabuleux destin d'AmÈlie Poulain")).toBe("Le Fabuleux destin d'Amélie Poulain");
    expect(repairMisencoded('DÈj‡ Vu')).toBe('Déjà Vu');
    expect(repairMisencoded('Die F‰lscher')).toBe('Die Fälscher');
    expect(repairMisencoded('The Naked Gun 2Ω: The Smell of Fear')).toBe('The Naked Gun 2½: The Smell of Fear');
    expect(repairMisencoded("I Love You Ö Don't Touch Me!")).toBe("I Love You … Don't Touch Me!");
  });

  it('leaves plain text and characters Mac Roman lacks alone', () => {
    expect(repairMisencoded('The Matrix')).toBe('The Matrix');
    expect(repairMisencoded('Alien³')).toBe('Alien³');
  });

  it('gives repaired titles and their slugs to the catalog', () => {
    const [movie] = moviesFromVega([
      { Title: 'LÈon', 'Release Date': '1994-11-18', 'MPAA Rating': 'R', 'Major Genre': 'Thriller/Suspense', Director: 'Luc Besson', 'IMDB Rating': 8.5, 'IMDB Votes': 1, 'Running Time min': 110 },
    ]);
    expect(movie).toMatchObject({ title: 'Léon', slug: 'leon-1994' });
  });
});
