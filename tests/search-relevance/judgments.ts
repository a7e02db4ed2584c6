/**
 * The judged queries: what a viewer types, and the titles that should come back. `top3` should rank in the
 * first three (grade 2), `top10` in the first ten (grade 1). Titles are as shown to a viewer of `language`
 * (default none). Judged by hand from what a viewer expects, not from what either engine returns.
 */
export interface Judgment {
  query: string;
  kind: 'prefix' | 'typo' | 'accent' | 'cyrillic' | 'multi-word' | 'person' | 'genre' | 'channel' | 'programme' | 'language';
  top3: string[];
  top10?: string[];
  language?: string;
}

const SW = { iv: 'Star Wars Ep. IV: A New Hope', v: 'Star Wars Ep. V: The Empire Strikes Back', vi: 'Star Wars Ep. VI: Return of the Jedi' };
const LOTR = ['The Lord of the Rings: The Fellowship of the Ring', 'The Lord of the Rings: The Return of the King', 'The Lord of the Rings: The Two Towers'];
const HP = [
  "Harry Potter and the Sorcerer's Stone",
  'Harry Potter and the Chamber of Secrets',
  'Harry Potter and the Goblet of Fire',
  'Harry Potter and the Prisoner of Azkaban',
];

export const JUDGMENTS: Judgment[] = [
  // As the viewer types: word starts, most watched first.
  {
    query: 'termin',
    kind: 'prefix',
    top3: ['Terminator 2: Judgment Day', 'The Terminator'],
    top10: ['Terminator 3: Rise of the Machines', 'Terminator Salvation: The Future Begins', 'The Terminal'],
  },
  { query: 'godf', kind: 'prefix', top3: ['The Godfather', 'The Godfather: Part II'], top10: ['The Godfather: Part III'] },
  {
    query: 'star w',
    kind: 'prefix',
    top3: [SW.iv, SW.v, SW.vi],
    top10: [
      'Star Wars Ep. I: The Phantom Menace',
      'Star Wars Ep. II: Attack of the Clones',
      'Star Wars Ep. III: Revenge of the Sith',
      'Star Wars: The Clone Wars',
    ],
  },
  { query: 'matr', kind: 'prefix', top3: ['The Matrix'], top10: ['The Matrix Reloaded', 'The Matrix Revolutions'] },
  { query: 'lord of the r', kind: 'prefix', top3: LOTR },
  {
    query: 'harry pot',
    kind: 'prefix',
    top3: HP.slice(0, 3),
    top10: [...HP.slice(3), 'Harry Potter and the Order of the Phoenix', 'Harry Potter and the Half-Blood Prince'],
  },
  { query: 'toy st', kind: 'prefix', top3: ['Toy Story', 'Toy Story 2', 'Toy Story 3'] },
  { query: 'jurass', kind: 'prefix', top3: ['Jurassic Park', 'The Lost World: Jurassic Park', 'Jurassic Park 3'] },
  {
    query: 'pirates of',
    kind: 'prefix',
    top3: ['Pirates of the Caribbean: The Curse of the Black Pearl', "Pirates of the Caribbean: Dead Man's Chest", "Pirates of the Caribbean: At World's End"],
  },
  {
    query: 'indiana j',
    kind: 'prefix',
    top3: ['Indiana Jones and the Last Crusade', 'Indiana Jones and the Temple of Doom', 'Indiana Jones and the Kingdom of the Crystal Skull'],
  },
  { query: 'back to the f', kind: 'prefix', top3: ['Back to the Future', 'Back to the Future Part II', 'Back to the Future Part III'] },
  { query: 'shre', kind: 'prefix', top3: ['Shrek', 'Shrek 2'], top10: ['Shrek the Third', 'Shrek Forever After'] },
  { query: 'batm', kind: 'prefix', top3: ['Batman Begins', 'Batman'], top10: ['Batman Returns', 'Batman Forever', 'Batman & Robin'] },
  { query: 'incep', kind: 'prefix', top3: ['Inception'] },
  { query: 'glad', kind: 'prefix', top3: ['Gladiator'] },
  { query: 'forr', kind: 'prefix', top3: ['Forrest Gump'], top10: ['Finding Forrester'] },
  { query: 'spider m', kind: 'prefix', top3: ['Spider-Man', 'Spider-Man 2', 'Spider-Man 3'] },
  { query: 'bourne', kind: 'prefix', top3: ['The Bourne Ultimatum', 'The Bourne Identity', 'The Bourne Supremacy'] },

  // Typos: the intended title first.
  { query: 'godfater', kind: 'typo', top3: ['The Godfather', 'The Godfather: Part II'], top10: ['The Godfather: Part III'] },
  { query: 'matirx', kind: 'typo', top3: ['The Matrix'], top10: ['The Matrix Reloaded', 'The Matrix Revolutions'] },
  { query: 'termintor', kind: 'typo', top3: ['The Terminator', 'Terminator 2: Judgment Day'], top10: ['Terminator 3: Rise of the Machines'] },
  { query: 'gladiatr', kind: 'typo', top3: ['Gladiator'] },
  { query: 'jurasic park', kind: 'typo', top3: ['Jurassic Park'], top10: ['The Lost World: Jurassic Park', 'Jurassic Park 3'] },
  { query: 'pulp fictoin', kind: 'typo', top3: ['Pulp Fiction'] },
  { query: 'shawshank redemtion', kind: 'typo', top3: ['The Shawshank Redemption'] },
  { query: 'forest gump', kind: 'typo', top3: ['Forrest Gump'] },
  { query: 'incepton', kind: 'typo', top3: ['Inception'] },
  { query: 'titanc', kind: 'typo', top3: ['Titanic'] },
  { query: 'schindlers list', kind: 'typo', top3: ["Schindler's List"] },
  { query: 'gladitor', kind: 'typo', top3: ['Gladiator'] },

  // Accents, either way round.
  { query: 'leon', kind: 'accent', top3: ['Léon'] },
  { query: 'léon', kind: 'accent', top3: ['Léon'] },
  { query: 'amelie', kind: 'accent', top3: ["Le Fabuleux destin d'Amélie Poulain"] },
  { query: 'asterix', kind: 'accent', top3: ['Astérix aux Jeux Olympiques'] },
  { query: 'deja vu', kind: 'accent', top3: ['Déjà Vu'] },
  { query: 'tematik', kind: 'accent', top3: ['Tématik'] },
  { query: 'Tématik', kind: 'accent', top3: ['Tématik'] },
  { query: 'moliere', kind: 'accent', top3: ['Molière'] },
  { query: 'la mome', kind: 'accent', top3: ['La Môme'] },
  { query: 'miserables', kind: 'accent', top3: ['Les Misérables'] },
  { query: 'falscher', kind: 'accent', top3: ['Die Fälscher'] },

  // Cyrillic: case and ё/е folded.
  { query: 'преступление', kind: 'cyrillic', top3: ['Преступление и наказание'] },
  { query: 'Преступление', kind: 'cyrillic', top3: ['Преступление и наказание'] },
  { query: 'новости', kind: 'cyrillic', top3: ['Новости'], top10: ['Время'] },
  { query: 'пусть', kind: 'cyrillic', top3: ['Пусть говорят'] },
  { query: 'елки', kind: 'cyrillic', top3: ['Ёлки'] },
  { query: 'первый', kind: 'cyrillic', top3: ['Первый канал'] },

  // Several words.
  { query: 'dark knight', kind: 'multi-word', top3: ['The Dark Knight'] },
  { query: 'kill bill', kind: 'multi-word', top3: ['Kill Bill: Volume 1', 'Kill Bill: Volume 2'] },
  { query: 'mission impossible', kind: 'multi-word', top3: ['Mission: Impossible', 'Mission: Impossible 2', 'Mission: Impossible III'] },
  { query: 'empire strikes back', kind: 'multi-word', top3: [SW.v] },
  { query: 'return of the king', kind: 'multi-word', top3: ['The Lord of the Rings: The Return of the King'] },
  { query: 'lost ark', kind: 'multi-word', top3: ['Raiders of the Lost Ark'] },
  { query: 'space odyssey', kind: 'multi-word', top3: ['2001: A Space Odyssey'] },

  // People: their best-known films.
  {
    query: 'spielberg',
    kind: 'person',
    top3: ["Schindler's List", 'Saving Private Ryan', 'Raiders of the Lost Ark'],
    top10: ['Indiana Jones and the Last Crusade', 'Jurassic Park', 'Jaws'],
  },
  { query: 'christopher nolan', kind: 'person', top3: ['The Dark Knight', 'Memento', 'Batman Begins'], top10: ['The Prestige', 'Inception'] },
  {
    query: 'tarantino',
    kind: 'person',
    top3: ['Pulp Fiction', 'Kill Bill: Volume 1', 'Reservoir Dogs'],
    top10: ['Inglourious Basterds', 'Kill Bill: Volume 2', 'Jackie Brown'],
  },
  { query: 'kubrick', kind: 'person', top3: ['The Shining', '2001: A Space Odyssey'], top10: ['Eyes Wide Shut', 'Spartacus'] },
  { query: 'scorsese', kind: 'person', top3: ['The Departed', 'Goodfellas', 'Taxi Driver'], top10: ['Casino', 'Shutter Island'] },
  { query: 'luc besson', kind: 'person', top3: ['Léon', 'The Fifth Element'], top10: ['Nikita'] },
  { query: 'ridley scott', kind: 'person', top3: ['Gladiator', 'Blade Runner', 'Alien'], top10: ['American Gangster', 'Black Hawk Down'] },

  // Genres: the most watched of the genre.
  {
    query: 'documentary',
    kind: 'genre',
    top3: ['Bowling for Columbine', 'Fahrenheit 9/11', 'Sicko'],
    top10: ['Super Size Me', "La marche de l'empereur", 'Religulous'],
  },
  {
    query: 'western',
    kind: 'genre',
    top3: ['3:10 to Yuma', "C'era una volta il West", 'Dances with Wolves'],
    top10: ['Butch Cassidy and the Sundance Kid', 'Tombstone'],
  },
  {
    query: 'musical',
    kind: 'genre',
    top3: ['The Wizard of Oz', 'Chicago', 'The Blues Brothers'],
    top10: ['Grease', 'Alice in Wonderland', 'High School Musical 3: Senior Year'],
  },
  { query: 'black comedy', kind: 'genre', top3: ['Snatch', 'Being John Malkovich', 'American Psycho'], top10: ['Burn After Reading', 'Office Space'] },

  // Channels, by name or number.
  { query: 'aljazeera english', kind: 'channel', top3: ['AlJazeera English'], top10: ['AlJazeera Arabic'] },
  { query: 'energeek retro', kind: 'channel', top3: ['EnerGeek Retro'] },
  { query: 'vantage rock', kind: 'channel', top3: ['Vantage Rock'], top10: ['Breakfast with Vantage Rock'] },
  { query: 'tv5', kind: 'channel', top3: ['TV5 Monde'] },
  { query: 'nickonline', kind: 'channel', top3: ['NickOnline'] },

  // Programmes of the guides.
  { query: 'bob esp', kind: 'programme', top3: ['Bob Esponja'] },
  { query: 'loud house', kind: 'programme', top3: ['The Loud House'] },
  { query: 'tortugas', kind: 'programme', top3: ['Tortugas Ninjas'] },
  { query: 'inside story', kind: 'programme', top3: ['Inside Story'] },
  { query: 'dance chart', kind: 'programme', top3: ['The UK Official Dance Chart', 'The German Official Dance Chart'] },
  { query: 'escalera al cielo', kind: 'programme', top3: ['Escalera al Cielo'], top10: ['Escalera al Cielo ( r)'] },
  { query: 'donkey kong', kind: 'programme', top3: ['El Pais de Donkey Kong'] },
  { query: 'نشرة', kind: 'programme', top3: ['نشرة الأخبار'] },
  { query: 'counting the cost', kind: 'programme', top3: ['Counting the Cost'] },
  { query: 'tatort', kind: 'programme', top3: ['Tatort'] },
  { query: 'candy', kind: 'programme', top3: ['Candy Candy'], top10: ['Hard Candy'] },

  // The viewer's language picks the title shown and ranks its programmes first.
  { query: 'journal', kind: 'language', language: 'fr', top3: ['Le Journal'] },
  { query: 'the news', kind: 'language', language: 'en', top3: ['The News'] },
  { query: 'crime and punishment', kind: 'language', language: 'en', top3: ['Crime and Punishment'] },
  { query: 'crime and punishment', kind: 'language', language: 'ru', top3: ['Преступление и наказание'] },
];
