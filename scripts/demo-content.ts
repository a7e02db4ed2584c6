/**
 * Demo content, so a first `npm start` has something to browse, buy, play and search: the most popular films
 * of vega-datasets' real movie list, the home's rails, a film package with two plans and rental/purchase offers,
 * and three channels with a guide around the current time. Everything goes through the public GraphQL API as an
 * administrator (the same mutations, events and search indexing as an editor's work), and it is idempotent:
 * titles and rails are matched by slug, products by name, channels by XMLTV id, so a second run only refreshes the guide.
 *
 * `npm run demo` loads it into a running system (TVSTREAM_URL; TVSTREAM_ADMIN_TOKEN or TVSTREAM_ADMIN_EMAIL /
 * TVSTREAM_ADMIN_PASSWORD). `npm start` loads it on the embedded defaults unless DEMO_CONTENT=false.
 */
import { readFileSync } from 'node:fs';
import { adminTokenFromEnv, ApiCallError, callApi } from '@tvstream/service-kit';
import { moviesFromVega, VEGA_MOVIES, type VegaMovie } from '../subgraphs/catalog/src/domain/vega-movies';

export interface DemoReport {
  moviesCreated: number;
  moviesPresent: number;
  plans: string[];
  channels: number;
  programmes: number;
}

type Call = <D = Record<string, any>>(query: string, variables?: Record<string, unknown>) => Promise<D>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const DEMO_PACKAGES = { films: 'Demo film library', channels: 'Demo live channels' } as const;
export const DEMO_PLANS = [
  { name: 'Demo Standard', amount: 999, maxConcurrentStreams: 2, packages: ['films'] },
  { name: 'Demo Premium', amount: 1499, maxConcurrentStreams: 4, packages: ['films', 'channels'] },
] as const;
export const DEMO_CHANNELS = [
  {
    xmltvId: 'news.demo.tvstream',
    name: 'tvstream News',
    genre: 'news',
    shows: [
      ['World Report', 'Informe mundial'],
      ['Business Today', 'Economía hoy'],
      ['Weather', 'El tiempo'],
    ],
  },
  {
    xmltvId: 'cinema.demo.tvstream',
    name: 'tvstream Cinema',
    genre: 'movies',
    shows: [
      ['Classic Matinee', null],
      ['Director’s Cut', null],
      ['Late Night Feature', null],
    ],
  },
  {
    xmltvId: 'kids.demo.tvstream',
    name: 'tvstream Kids',
    genre: 'kids',
    shows: [
      ['Cartoon Hour', 'Hora de dibujos'],
      ['Science Club', 'Club de ciencia'],
      ['Story Time', 'Hora del cuento'],
    ],
  },
] as const;

// Films everyone knows that the dataset lists without votes (so popularity alone would leave them out).
export const DEMO_CLASSICS = [
  'Star Wars Ep. IV: A New Hope',
  'Star Wars Ep. V: The Empire Strikes Back',
  'Star Wars Ep. VI: Return of the Jedi',
  'The Godfather',
  'Casablanca',
];

/** The home's rails: the classics picked by hand, then rails the catalog fills itself. */
export const DEMO_RAILS = [
  { slug: 'demo-classics', name: 'Classics', kind: 'CURATED' },
  { slug: 'demo-new', name: 'New this month', kind: 'NEW_THIS_MONTH' },
  { slug: 'demo-popular-drama', name: 'Popular in drama', kind: 'POPULAR_IN_GENRE', genre: 'drama' },
  { slug: 'demo-popular-action', name: 'Popular in action', kind: 'POPULAR_IN_GENRE', genre: 'action' },
] as const;

/**
 * `count` films of the dataset, each with a manifest to play: the classics above (at most a quarter of the
 * places) and the most popular ones (by IMDB votes × rating), most popular first.
 */
export function demoMovies(count: number) {
  const rows = JSON.parse(readFileSync(VEGA_MOVIES, 'utf8')) as VegaMovie[];
  const films = moviesFromVega(rows).filter((m) => m.releaseYear);
  const popular = films.filter((m) => m.genres?.length).sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0));
  const classics = films.filter((m) => DEMO_CLASSICS.includes(m.title!) && !popular.slice(0, count).includes(m)).slice(0, Math.floor(count / 4));
  return [...popular.filter((m) => !classics.includes(m)).slice(0, count - classics.length), ...classics].map((m) => ({
    ...m,
    manifestPath: `/vod/${m.slug}/master.m3u8`,
  }));
}

async function loadMovies(call: Call, count: number) {
  const ids: string[] = [];
  let created = 0;
  const movies = demoMovies(count);
  for (const movie of movies) {
    const find = () => call<{ title: { id: string; status: string } | null }>(`query($s: String) { title(slug: $s) { id status } }`, { s: movie.slug });
    let { title } = await find();
    if (!title) {
      try {
        title = {
          id: (await call<{ createMovie: { id: string } }>(`mutation($i: TitleInput!) { createMovie(input: $i) { id } }`, { i: movie })).createMovie.id,
          status: 'DRAFT',
        };
        created++;
      } catch (error) {
        // Someone (a seed, another loader) created the same film meanwhile: use theirs.
        if (!(error instanceof ApiCallError && error.codes.includes('CONFLICT'))) throw error;
        title = (await find()).title!;
      }
    }
    if (title.status === 'DRAFT') await call(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: title.id });
    ids.push(title.id);
  }
  return {
    ids,
    classicIds: ids.filter((_, i) => DEMO_CLASSICS.includes(String(movies[i].title))),
    genres: [...new Set(movies.flatMap((m) => m.genres ?? []))].sort(),
    created,
  };
}

/** Creates the demo rails that are missing, first on the home in DEMO_RAILS' order; the classics rail gets its films. */
async function ensureRails(call: Call, classicIds: string[]) {
  const { collections } = await call<{ collections: { id: string; slug: string }[] }>(`{ collections { id slug } }`);
  for (const [position, rail] of DEMO_RAILS.entries()) {
    const id =
      collections.find((c) => c.slug === rail.slug)?.id ??
      (
        await call<{ createCollection: { id: string } }>(
          `mutation($s: String!, $n: String!, $k: CollectionKind!, $g: String, $p: Int) { createCollection(slug: $s, name: $n, kind: $k, genre: $g, position: $p) { id } }`,
          { s: rail.slug, n: rail.name, k: rail.kind, g: 'genre' in rail ? rail.genre : null, p: position },
        )
      ).createCollection.id;
    if (rail.kind === 'CURATED')
      await call(`mutation($c: ID!, $t: [ID!]!) { setCollectionTitles(collectionId: $c, titleIds: $t) { id } }`, { c: id, t: classicIds });
  }
}

function xmltvTime(date: Date) {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)} +0000`;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Each channel's guide from six hours ago to a day ahead, in hour-long slots on the hour. */
export function demoGuide(now: Date): string {
  const from = new Date(now);
  from.setUTCMinutes(0, 0, 0);
  from.setUTCHours(from.getUTCHours() - 6);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<tv generator-info-name="tvstream demo">'];
  for (const channel of DEMO_CHANNELS)
    lines.push(`  <channel id="${channel.xmltvId}"><display-name lang="en">${escapeXml(channel.name)}</display-name></channel>`);
  for (const channel of DEMO_CHANNELS) {
    for (let hour = 0; hour < 30; hour++) {
      const start = new Date(from.getTime() + hour * 3_600_000);
      const [en, es] = channel.shows[hour % channel.shows.length];
      const titles = [`<title lang="en">${escapeXml(en)}</title>`, ...(es ? [`<title lang="es">${escapeXml(es)}</title>`] : [])].join('');
      lines.push(
        `  <programme start="${xmltvTime(start)}" stop="${xmltvTime(new Date(start.getTime() + 3_600_000))}" channel="${channel.xmltvId}">${titles}<category lang="en">${channel.genre}</category></programme>`,
      );
    }
  }
  lines.push('</tv>', '');
  return lines.join('\n');
}

async function loadChannels(call: Call, now: Date) {
  const report = await call<{ importXmltv: { programmes: number } }>(`mutation($x: String) { importXmltv(xml: $x) { programmes } }`, { x: demoGuide(now) });
  const { channels } = await call<{ channels: { id: string; xmltvId: string | null }[] }>(`{ channels { id xmltvId } }`);
  const ids = DEMO_CHANNELS.map((c) => channels.find((ch) => ch.xmltvId === c.xmltvId)?.id).filter((id): id is string => Boolean(id));
  // Imported channels carry no genres or catch-up; give them the demo's, so packages and catch-up apply.
  for (const [i, id] of ids.entries()) {
    await call(`mutation($id: ID!, $i: UpdateChannelInput!) { updateChannel(id: $id, input: $i) { id } }`, {
      id,
      i: { genreSlugs: [DEMO_CHANNELS[i].genre], catchupDays: 7 },
    });
  }
  return { ids, programmes: report.importXmltv.programmes };
}

async function ensurePackage(call: Call, name: string, input: Record<string, unknown>): Promise<string> {
  const { packages } = await call<{ packages: { id: string; name: string }[] }>(`{ packages { id name } }`);
  const existing = packages.find((p) => p.name === name);
  if (existing) {
    await call(`mutation($id: ID!, $i: PackageInput!) { updatePackage(id: $id, input: $i) { id } }`, { id: existing.id, i: { name, ...input } });
    return existing.id;
  }
  return (await call<{ createPackage: { id: string } }>(`mutation($i: PackageInput!) { createPackage(input: $i) { id } }`, { i: { name, ...input } }))
    .createPackage.id;
}

async function ensureOffers(call: Call, movieIds: string[]) {
  for (const contentId of movieIds) {
    const { offers } = await call<{ offers: { kind: string }[] }>(`query($c: ID!) { offers(contentId: $c) { kind } }`, { c: contentId });
    for (const [kind, amount] of [
      ['RENT', 399],
      ['BUY', 1299],
    ] as const) {
      if (offers.some((o) => o.kind === kind)) continue;
      await call(`mutation($i: OfferInput!) { createOffer(input: $i) { id } }`, { i: { contentId, kind, price: { amount, currency: 'EUR' } } });
    }
  }
}

/** `rails: false` leaves the home's rails to the caller (the benchmarks set up their own, as measured since the start). */
export async function loadDemoContent(options: { url: string; token: string; movies?: number; now?: Date; rails?: boolean }): Promise<DemoReport> {
  const call: Call = (query, variables) => callApi(options.url, query, variables, options.token);
  const movies = await loadMovies(call, options.movies ?? 60);
  const channels = await loadChannels(call, options.now ?? new Date());
  const packageIds = {
    films: await ensurePackage(call, DEMO_PACKAGES.films, { description: 'Every film of the demo catalog, by genre.', genreSlugs: movies.genres }),
    channels: await ensurePackage(call, DEMO_PACKAGES.channels, { description: 'The demo channels, live and catch-up.', channelIds: channels.ids }),
  };
  const { plans } = await call<{ plans: { name: string }[] }>(`{ plans(includeInactive: true) { name } }`);
  for (const plan of DEMO_PLANS) {
    if (plans.some((p) => p.name === plan.name)) continue;
    await call(`mutation($i: PlanInput!) { createPlan(input: $i) { id } }`, {
      i: {
        name: plan.name,
        price: { amount: plan.amount, currency: 'EUR' },
        billingPeriod: 'MONTH',
        maxConcurrentStreams: plan.maxConcurrentStreams,
        packageIds: plan.packages.map((p) => packageIds[p]),
      },
    });
  }
  // The ten most popular films can also be rented or bought one by one.
  await ensureOffers(call, movies.ids.slice(0, 10));
  if (options.rails !== false) await ensureRails(call, movies.classicIds);
  return {
    moviesCreated: movies.created,
    moviesPresent: movies.ids.length - movies.created,
    plans: DEMO_PLANS.map((p) => p.name),
    channels: channels.ids.length,
    programmes: channels.programmes,
  };
}

if (require.main === module) {
  const url = process.env.TVSTREAM_URL ?? 'http://127.0.0.1:4000/graphql';
  adminTokenFromEnv(url, process.env)
    .then((token) => loadDemoContent({ url, token, movies: Number(process.env.DEMO_MOVIES ?? 60) }))
    .then((report) => console.log('demo content:', report))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
