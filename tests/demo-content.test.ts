import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { DEMO_CHANNELS, DEMO_RAILS, demoMovies, loadDemoContent } from '../scripts/demo-content';
import { adminSession, gql, register, type Session } from './support/client';
import { must } from './support/rights';

/**
 * The demo content `npm start` loads on the embedded defaults, loaded here into the test system with four films:
 * the three most popular (drama and action, the genres of two rails) and one classic (the curated rail).
 */
const FILMS = 4;
describe('demo content', () => {
  let admin: Session;
  let viewer: Session;
  const [top] = demoMovies(FILMS);
  const topTitle = String(top.title);

  beforeAll(async () => {
    admin = await adminSession();
    viewer = await register();
  });

  test('loads films, plans and a guide, and a second run changes nothing but the guide', async () => {
    const first = await loadDemoContent({ url: process.env.GATEWAY_URL!, token: admin.accessToken, movies: FILMS });
    expect(first.moviesCreated + first.moviesPresent).toBe(FILMS);
    expect({ channels: first.channels, programmes: first.programmes }).toEqual({ channels: DEMO_CHANNELS.length, programmes: DEMO_CHANNELS.length * 30 });
    const again = await loadDemoContent({ url: process.env.GATEWAY_URL!, token: admin.accessToken, movies: FILMS });
    expect(again).toEqual({ ...first, moviesCreated: 0, moviesPresent: FILMS });
    // The home opens on the demo's rails, each filled: the classics by hand, the others by the catalog.
    const { collections } = await must<{ collections: { slug: string; name: string; titles: { title: string }[] }[] }>(
      `{ collections { slug name titles(first: 20) { title } } }`,
      {},
      viewer.accessToken,
    );
    const rails = DEMO_RAILS.map((rail) => collections.find((c) => c.slug === rail.slug));
    expect(rails.map((rail) => rail?.name)).toEqual(DEMO_RAILS.map((rail) => rail.name));
    for (const rail of rails) expect({ rail: rail!.name, filled: rail!.titles.length > 0 }).toEqual({ rail: rail!.name, filled: true });
    const { plans } = await must<{ plans: { name: string; price: { formatted: string } }[] }>(`{ plans { name price { formatted } } }`, {});
    expect(
      plans
        .filter((p) => p.name.startsWith('Demo '))
        .map((p) => `${p.name} ${p.price.formatted}`)
        .sort(),
    ).toEqual(['Demo Premium €14.99', 'Demo Standard €9.99']);
  });

  test('a viewer finds the most popular film, subscribes to Demo Standard and plays it; the channels need Premium', async () => {
    const { title } = await must<{ title: { id: string; title: string; entitled: boolean } }>(
      `query($s: String) { title(slug: $s) { id title ... on Movie { entitled } } }`,
      { s: top.slug },
      viewer.accessToken,
    );
    expect(title).toMatchObject({ title: topTitle, entitled: false });

    const { plans } = await must<{ plans: { id: string; name: string }[] }>(`{ plans { id name } }`, {});
    const standard = plans.find((p) => p.name === 'Demo Standard')!;
    await must(
      `mutation($p: ID!, $k: String!, $c: String) { subscribe(planId: $p, idempotencyKey: $k, paymentCard: $c) { id } }`,
      { p: standard.id, k: randomUUID(), c: '4242424242424242' },
      viewer.accessToken,
    );
    const { startPlayback } = await must<{ startPlayback: { manifestUrl: string } }>(
      `mutation($c: ID!) { startPlayback(contentId: $c) { manifestUrl } }`,
      { c: title.id },
      viewer.accessToken,
    );
    expect((await fetch(startPlayback.manifestUrl)).status).toBe(200);

    const { nowNext } = await must<{ nowNext: { channel: { name: string; entitled: boolean }; now: { title: string } | null }[] }>(
      `{ nowNext { channel { name entitled } now { title } } }`,
      {},
      viewer.accessToken,
    );
    const demo = nowNext
      .filter((n) => DEMO_CHANNELS.some((c) => c.name === n.channel.name))
      .map((n) => `${n.channel.name}: ${n.channel.entitled ? 'entitled' : 'not entitled'}, ${n.now ? 'on air' : 'nothing on'}`);
    expect(demo.sort()).toEqual(DEMO_CHANNELS.map((c) => `${c.name}: not entitled, on air`).sort());
  });

  test('each demo film has a poster the catalog drew, served through the web app: an SVG with its name, cached for good', async () => {
    const { title } = await must<{
      title: { title: string; releaseYear: number; artwork: { kind: string; url: string; width: number; generated: boolean }[] };
    }>(`query($s: String) { title(slug: $s) { title releaseYear artwork { kind url width generated } } }`, { s: top.slug });
    const poster = title.artwork.find((a) => a.kind === 'POSTER')!;
    expect(poster).toEqual({ kind: 'POSTER', url: expect.stringMatching(/\/artwork\/[0-9a-f]{64}\.svg$/), width: 600, generated: true });
    // An absolute URL on the web app's origin, which forwards /artwork to the catalog.
    expect(new URL(poster.url).origin).toBe(new URL(process.env.WEB_URL!).origin);
    const res = await fetch(poster.url);
    const svg = await res.text();
    expect({
      status: res.status,
      type: res.headers.get('content-type'),
      cache: res.headers.get('cache-control'),
      sniffing: res.headers.get('x-content-type-options'),
      policy: res.headers.get('content-security-policy'),
    }).toEqual({
      status: 200,
      type: 'image/svg+xml',
      cache: 'public, max-age=31536000, immutable',
      sniffing: 'nosniff',
      policy: expect.stringMatching(/^default-src 'none';.*\bsandbox\b/),
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain(`<title>${topTitle.replace(/&/g, '&amp;').replace(/'/g, '&#39;')} (${title.releaseYear})</title>`);
    expect(svg).not.toMatch(/<script/i);
    // Content-addressed: the ETag is the hash in the name, and a browser holding it is told nothing changed.
    const etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${/([0-9a-f]{64})\.svg$/.exec(poster.url)![1]}"`);
    // (node:http: fetch adds `cache-control: no-cache` to a conditional request, which rightly forbids a 304.)
    const revalidated = await new Promise<number | undefined>((done, failed) =>
      get(poster.url, { headers: { 'if-none-match': etag } }, (answer) => done(answer.resume().statusCode)).on('error', failed),
    );
    expect(revalidated).toBe(304);
    // Straight from the catalog, the same bytes.
    const direct = new URL(new URL(poster.url).pathname, new URL(process.env.SUBGRAPH_CATALOG_URL!).origin);
    expect(await (await fetch(direct)).text()).toBe(svg);
  });

  test('an artwork name the catalog never gave out is 404, through the web app and at the catalog, and nothing else is reachable', async () => {
    const web = new URL(process.env.WEB_URL!).origin;
    const catalog = new URL(process.env.SUBGRAPH_CATALOG_URL!).origin;
    const unknown = `${'0'.repeat(64)}.svg`;
    for (const origin of [web, catalog]) {
      const res = await fetch(`${origin}/artwork/${unknown}`);
      expect({ origin, status: res.status, sniffing: res.headers.get('x-content-type-options') }).toEqual({ origin, status: 404, sniffing: 'nosniff' });
      for (const path of ['/artwork/..%2Fpackage.json', '/artwork/%2e%2e/%2e%2e/package.json', `/artwork/${'0'.repeat(64)}.png`, '/artwork/readyz']) {
        expect({ origin, path, status: (await fetch(`${origin}${path}`)).status }).toEqual({ origin, path, status: 404 });
      }
    }
    // Reading only: the web app forwards GET and HEAD.
    expect((await fetch(`${web}/artwork/${unknown}`, { method: 'POST' })).status).toBe(405);
  });

  test('the films a first start loads (DEMO_MOVIES, 60) include what newcomers search for first, names repaired', () => {
    const titles = demoMovies(60).map((m) => String(m.title));
    expect(titles).toEqual(expect.arrayContaining(['The Godfather', 'Star Wars Ep. IV: A New Hope', 'Star Wars Ep. V: The Empire Strikes Back']));
    expect(titles.some((t) => t.startsWith('Léon'))).toBe(true);
    expect(titles.filter((t) => /[ÈÀ‡Ω]/.test(t))).toEqual([]);
  });

  test('the demo films are searchable', async () => {
    const deadline = Date.now() + 30_000;
    let found: string[] = [];
    while (Date.now() < deadline) {
      const res = await gql<{ search: { edges: { node: { title: string } }[] } }>(
        `query($q: String!) { search(query: $q, first: 5) { edges { node { title } } } }`,
        { q: topTitle },
      );
      found = res.data?.search.edges.map((e) => e.node.title) ?? [];
      if (found.includes(topTitle)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(found).toContain(topTitle);
  });
});
