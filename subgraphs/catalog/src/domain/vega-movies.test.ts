import { moviesFromVega, repairMojibake } from './vega-movies';

describe('vega-datasets movies', () => {
  it('repairs names written in Windows-1252 and read as Mac Roman', () => {
    expect(repairMojibake('LÈon')).toBe('Léon');
    expect(repairMojibake('DÈj‡ Vu')).toBe('Déjà Vu');
    expect(repairMojibake('The Naked Gun 2Ω: The Smell of Fear')).toBe('The Naked Gun 2½: The Smell of Fear');
    expect(repairMojibake('Alien³')).toBe('Alien³');
    expect(repairMojibake('Ri¢hie Ri¢h')).toBe('Ri¢hie Ri¢h');
    expect(repairMojibake('Pulp Fiction')).toBe('Pulp Fiction');
  });

  it('gives the repaired title and a slug from it', () => {
    const [movie] = moviesFromVega([
      {
        Title: 'LÈon',
        'Release Date': '1994-11-18',
        'MPAA Rating': 'R',
        'Major Genre': 'Drama',
        Director: 'Luc Besson',
        'IMDB Rating': 8.5,
        'IMDB Votes': 199762,
        'Running Time min': 110,
      },
    ]);
    expect(movie).toMatchObject({ title: 'Léon', slug: 'leon-1994', directors: ['Luc Besson'], maturityRating: 16 });
  });
});
