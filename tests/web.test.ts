/**
 * The web app end to end: a real Chromium (Debian's, driven by playwright-core) against the web server the
 * global setup starts in front of the real gateway. Asserts what a viewer sees, not how the page is built.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { sessionWithRoles, STRONG_PASSWORD, uniqueEmail } from './support/client';
import { createChannel } from './support/live';
import { createOffer, createPackage, createPlan, must } from './support/rights';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const WEB_URL = () => process.env.WEB_URL!;
const tag = Math.random().toString(36).slice(2, 8);

interface Fixture {
  viewerEmail: string;
  movie: { id: string; slug: string; title: string };
  planName: string;
  premiumName: string;
  channelName: string;
  channelNumber: number;
  nowTitle: string;
  nextTitle: string;
  /** A channel whose next programme starts days from now. */
  laterChannelName: string;
  laterStart: string;
}

/** What editors and rights managers publish before a viewer arrives, through the same GraphQL API. */
async function publishFixture(): Promise<Fixture> {
  const staff = await sessionWithRoles(['EDITOR', 'RIGHTS_MANAGER']);
  const token = staff.accessToken;
  const title = `Web Movie ${tag}`;
  const { createMovie: movie } = await must<{ createMovie: { id: string; slug: string } }>(
    `mutation($i: TitleInput!) { createMovie(input: $i) { id slug } }`,
    { i: { title, synopsis: 'A heist across three time zones.', releaseYear: 2024, genres: ['thriller', `heist-${tag}`], maturityRating: 12 } },
    token,
  );
  await must(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: movie.id }, token);
  // A curated rail at the top of the home screen, as an editor would feature a new title.
  const { createCollection } = await must<{ createCollection: { id: string } }>(
    `mutation($slug: String!, $name: String!) { createCollection(slug: $slug, name: $name, kind: CURATED, position: 0) { id } }`,
    { slug: `web-picks-${tag}`, name: `Picks ${tag}` },
    token,
  );
  await must(`mutation($c: ID!, $t: [ID!]!) { setCollectionTitles(collectionId: $c, titleIds: $t) { id } }`, { c: createCollection.id, t: [movie.id] }, token);

  const packageId = await createPackage(staff, { titleIds: [movie.id] });
  const planName = `Plan ${tag}`;
  await createPlan(staff, [packageId], { name: planName, description: 'Everything in the web package.', maxConcurrentStreams: 1 });
  const premiumName = `Premium ${tag}`;
  await createPlan(staff, [packageId], { name: premiumName, price: { amount: 1499, currency: 'EUR' }, maxConcurrentStreams: 2 });
  await createOffer(staff, movie.id, { kind: 'RENT', price: { amount: 399, currency: 'EUR' } });

  const channelName = `Web Channel ${tag}`;
  // A logo that cannot be loaded (nothing listens on the discard port): the guide shows the number instead.
  const channel = await createChannel(token, { name: channelName, logoUrl: 'http://127.0.0.1:9/logo.png' });
  const now = Date.now();
  const minutes = (n: number) => new Date(now + n * 60_000).toISOString();
  const nowTitle = `Evening News ${tag}`;
  const nextTitle = `Late Movie ${tag}`;
  for (const [start, end, text] of [[minutes(-10), minutes(20), nowTitle], [minutes(20), minutes(110), nextTitle]]) {
    await must(
      `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
      { i: { channelId: channel.id, start, end, titles: [{ language: 'en', text }] } },
      token,
    );
  }

  const laterChannelName = `Web Marathon ${tag}`;
  const marathon = await createChannel(token, { name: laterChannelName });
  const laterStart = minutes(3 * 24 * 60);
  // Off air until then: its next programme is three days away.
  await must(
    `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
    { i: { channelId: marathon.id, start: laterStart, end: minutes(3 * 24 * 60 + 60), titles: [{ language: 'en', text: `Marathon ${tag}` }] } },
    token,
  );

  return { viewerEmail: uniqueEmail('web'), movie: { ...movie, title }, planName, premiumName, channelName, channelNumber: channel.number, nowTitle, nextTitle, laterChannelName, laterStart };
}

describe('web app', () => {
  let browser: Browser;
  let page: Page;
  let fixture: Fixture;
  const problems: string[] = [];

  /**
   * Script errors and the app's console errors (a content-security-policy violation is one) fail the suite.
   * Logos and posters hosted elsewhere (real XMLTV guides name them) may be unreachable: not the app's fault.
   */
  function watch(tab: Page) {
    const ours = (url: string) => url.startsWith(new URL(WEB_URL()).origin);
    tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    tab.on('console', (message) => {
      if (message.type() === 'error' && ours(message.location().url)) problems.push(`console: ${message.text()} (${message.location().url})`);
    });
    tab.on('response', (response) => {
      if (response.status() >= 400 && ours(response.url())) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    [fixture, browser] = await Promise.all([publishFixture(), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })]);
    // One context: its tabs share the app's storage, like a viewer's browser.
    const context = await browser.newContext({ baseURL: WEB_URL(), locale: 'en-GB', timezoneId: 'UTC' });
    context.setDefaultTimeout(15_000);
    context.on('page', watch);
    page = await context.newPage();
    // Publishing the fixture and starting Chromium take minutes on a loaded machine.
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('the server answers every route with the app, security headers on, and proxies /graphql', async () => {
    const res = await fetch(new URL('/title/some-slug', WEB_URL()));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(new URL('/assets/missing.js', WEB_URL()))).status).toBe(404);
    expect((await fetch(new URL('/%2e%2e/package.json', WEB_URL()))).status).toBe(404);
    const api = await fetch(new URL('/graphql', WEB_URL()), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(await api.json()).toEqual({ data: { me: null } });
  });

  test('a viewer creates an account, signs out, and signs in again', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: 'Create account' }).click();
    await page.getByLabel('Your name').fill('Web Viewer');
    await page.getByLabel('Email').fill(fixture.viewerEmail);
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(fixture.viewerEmail);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A wrong password is refused with the API's code, shown as is.
    await page.getByRole('alert').filter({ hasText: 'UNAUTHENTICATED' }).waitFor();
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.locator('.who').textContent()).toBe('Web Viewer');
    expect(new URL(page.url()).pathname).toBe('/');
  });

  test('an access token about to expire is refreshed once, and the viewer stays signed in', async () => {
    const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('tvstream.session') ?? 'null'));
    const before = await stored();
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('tvstream.session')!);
      localStorage.setItem('tvstream.session', JSON.stringify({ ...session, expiresAt: Date.now() }));
    });
    const refreshes: string[] = [];
    const count = (r: Request) => void (r.postData()?.includes('mutation Refresh') && refreshes.push(r.url()));
    page.on('request', count);
    // The home screen's query needs a fresh token first.
    await page.reload();
    await page.getByRole('region', { name: `Picks ${tag}` }).waitFor();
    page.off('request', count);
    const after = await stored();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 60_000);
    expect(refreshes).toHaveLength(1);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  test('two tabs refreshing the same one-use token at once spend it once, and both stay signed in', async () => {
    const context = page.context();
    const stored = (tab: Page) => tab.evaluate(() => JSON.parse(localStorage.getItem('tvstream.session') ?? 'null'));
    const expireSoon = (tab: Page) =>
      tab.evaluate(() => {
        const session = JSON.parse(localStorage.getItem('tvstream.session')!);
        localStorage.setItem('tvstream.session', JSON.stringify({ ...session, expiresAt: Date.now() }));
      });
    const before = await stored(page);
    const refreshes: string[] = [];
    const count = (r: Request) => void (r.postData()?.includes('mutation Refresh') && refreshes.push(r.url()));
    // The first refresh is held until the other tab is waiting to refresh too, so the two always overlap.
    let release!: () => void;
    const overlapping = new Promise<void>((resolve) => (release = resolve));
    let seen = 0;
    await context.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('mutation Refresh') && seen++ === 0) await overlapping;
      // A request the page gave up on meanwhile (a reload, a closed tab) is no longer there to continue.
      await route.continue().catch(() => undefined);
    });
    context.on('request', count);
    const other = await context.newPage();
    try {
      await expireSoon(page);
      // The pages' own requests are what is waited on below; their `load` may come late on a loaded machine.
      await Promise.all([page.reload({ waitUntil: 'commit' }), other.goto('/', { waitUntil: 'commit' })]);
      // The browser's own record: one tab holds the refresh lock while the other waits for it.
      await other.waitForFunction(async () => (await navigator.locks.query()).pending?.some((lock) => lock.name === 'tvstream.refresh'), undefined, { timeout: 60_000 });
      release();
      for (const tab of [page, other]) await tab.getByRole('region', { name: `Picks ${tag}` }).waitFor({ timeout: 60_000 });
      expect(refreshes).toHaveLength(1);
      const [mine, theirs] = [await stored(page), await stored(other)];
      expect(mine.refreshToken).not.toBe(before.refreshToken);
      expect(theirs.refreshToken).toBe(mine.refreshToken);
      for (const tab of [page, other]) await tab.getByRole('button', { name: 'Sign out' }).waitFor();
    } finally {
      release();
      context.off('request', count);
      await context.unroute('**/graphql');
      await other.close();
    }
    // The family survived: the next refresh works and keeps the viewer signed in.
    await expireSoon(page);
    await page.reload();
    await page.getByRole('region', { name: `Picks ${tag}` }).waitFor();
    expect((await stored(page)).expiresAt).toBeGreaterThan(Date.now() + 60_000);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  test('home shows the published title in its rail, and the title page says "not entitled" with offers and plans', async () => {
    const rail = page.getByRole('region', { name: `Picks ${tag}` });
    await rail.getByRole('link', { name: fixture.movie.title }).click();
    await page.getByRole('heading', { level: 1, name: fixture.movie.title }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/title/${fixture.movie.slug}`);
    expect(await page.getByTestId('entitlement').textContent()).toMatch(/not entitled/i);
    expect(await page.getByText('A heist across three time zones.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Rent for €3.99' }).waitFor();
    const plan = page.getByRole('listitem').filter({ hasText: fixture.planName });
    expect(await plan.textContent()).toContain('€9.99 / month');
    await plan.getByRole('button', { name: `Subscribe to ${fixture.planName}` }).waitFor();
  });

  test('Play is refused with NOT_ENTITLED; after subscribing (declined card first) it plays, one stream at a time', async () => {
    await page.getByRole('button', { name: '▶ Play' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'NOT_ENTITLED' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Playback refused');

    await page.getByRole('button', { name: `Subscribe to ${fixture.planName}` }).click();
    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('alert').filter({ hasText: 'PAYMENT_DECLINED' }).waitFor();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByTestId('entitlement').filter({ hasText: 'You can watch this: included in your subscription' }).waitFor();

    await page.getByRole('button', { name: '▶ Play' }).click();
    const player = page.getByRole('status', { name: 'Now playing' });
    await player.waitFor();
    expect(await player.getByRole('link', { name: 'Signed stream manifest' }).getAttribute('href')).toMatch(/^http.*\/manifests\//);

    // The plan allows one stream: a second tab of the same account is refused until the first stops.
    const second = await page.context().newPage();
    try {
      await second.goto(`/title/${fixture.movie.slug}`);
      await second.getByRole('button', { name: '▶ Play' }).click();
      await second.getByRole('alert').filter({ hasText: 'STREAM_LIMIT_REACHED' }).waitFor();
      const stopped = page.waitForResponse((r) => r.url().endsWith('/graphql') && !!r.request().postData()?.includes('StopPlayback'));
      await player.getByRole('button', { name: 'Stop' }).click();
      await stopped;
      await second.getByRole('button', { name: '▶ Play' }).click();
      await second.getByRole('status', { name: 'Now playing' }).waitFor();
    } finally {
      await second.close();
    }
  });

  test('a genre of the title lists its titles', async () => {
    await page.getByRole('link', { name: new RegExp(`^heist ${tag}$`, 'i') }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^heist ${tag}$`, 'i') }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/genre/heist-${tag}`);
    await page.getByRole('link', { name: fixture.movie.title }).waitFor();
  });

  test('the live guide shows each channel with what is on now and next', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live TV' }).click();
    const row = page.getByRole('listitem').filter({ hasText: fixture.channelName });
    await row.waitFor();
    expect(await row.locator('.now .slot-title').textContent()).toBe(fixture.nowTitle);
    expect(await row.locator('.next .slot-title').textContent()).toBe(fixture.nextTitle);
    // Today's next programme shows its time alone; one on another day says which day.
    expect(await row.locator('.next .meta').textContent()).toMatch(/^\d{2}:\d{2}$/);
    const later = page.getByRole('listitem').filter({ hasText: fixture.laterChannelName });
    const laterStart = new Date(fixture.laterStart);
    const dayAndMonth = `${laterStart.getUTCDate()} ${laterStart.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })}`;
    expect(await later.locator('.next .meta').textContent()).toContain(dayAndMonth);
    // Logos load lazily: the fallback shows once the row has been scrolled into view.
    await row.scrollIntoViewIfNeeded();
    await row.locator('.number').filter({ hasText: String(fixture.channelNumber) }).waitFor();
    expect(Number(await row.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  });

  test('the search box finds the published title and opens it', async () => {
    const box = page.getByRole('combobox', { name: 'Search' }); // a search input with suggestions (a datalist) is a combobox
    // The index follows the catalog through Kafka and OpenSearch within seconds: retry until the title is in.
    const hit = page.getByRole('link', { name: fixture.movie.title });
    for (let attempt = 0; attempt < 20 && !(await hit.count()); attempt++) {
      await box.fill(fixture.movie.title);
      await box.press('Enter');
      await page.getByRole('heading', { name: new RegExp(`results? for “${fixture.movie.title}”`) }).waitFor();
      if (!(await hit.count())) await page.waitForTimeout(500);
    }
    await hit.first().click();
    await page.getByRole('heading', { level: 1, name: fixture.movie.title }).waitFor();
  });

  test('search marks what matched, narrows by type, and "Available to me" keeps what the viewer may watch', async () => {
    const box = page.getByRole('combobox', { name: 'Search' });
    const hit = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: fixture.movie.title }) });
    await page.goto(`/search?q=${encodeURIComponent(fixture.movie.title)}`);
    await hit.locator('mark').first().waitFor();
    expect(await hit.locator('mark').allTextContents()).toEqual(fixture.movie.title.split(' '));
    expect(await box.inputValue()).toBe(fixture.movie.title); // an opened search shows its query in the box

    const movies = page.getByRole('group', { name: 'Type' }).getByRole('button', { name: /^Movies/ });
    await movies.click();
    await page.waitForURL(/type=MOVIE/);
    expect(await movies.getAttribute('aria-pressed')).toBe('true');
    await hit.waitFor();

    // The viewer's plan (subscribed above) holds the film but not the channel, so its programme drops out.
    await box.fill(fixture.nowTitle);
    await box.press('Enter');
    const programme = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: fixture.nowTitle }) });
    await programme.waitFor();
    await page.getByRole('checkbox', { name: 'Available to me' }).check();
    await page.waitForURL(/mine=1/);
    await programme.waitFor({ state: 'detached' });
    expect(await page.getByRole('checkbox', { name: 'Available to me' }).isChecked()).toBe(true);
  });

  test('the account page switches to a dearer plan at once, cancels it, and adds a kids profile that cannot see the 12+ title', async () => {
    await page.getByRole('link', { name: 'Web Viewer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    const subscription = page.getByRole('region', { name: 'Subscriptions' }).getByRole('listitem'); // the viewer holds one
    expect(await subscription.getByTestId('subscription-status').textContent()).toMatch(/^Active, renews/);
    expect(await subscription.textContent()).toContain(`${fixture.planName} €9.99 / month · 1 stream`);
    await subscription.getByLabel('Switch to').selectOption({ label: `${fixture.premiumName} · €14.99 · now, for the rest of this period` });
    await subscription.getByRole('button', { name: 'Switch plan' }).click();
    const cancel = subscription.getByRole('button', { name: `Cancel ${fixture.premiumName}` });
    await cancel.waitFor();
    expect(await subscription.textContent()).toContain(`${fixture.premiumName} €14.99 / month · 2 streams`);
    await cancel.click();
    await subscription.getByTestId('subscription-status').filter({ hasText: /^Cancelled, watch until/ }).waitFor();

    await page.getByLabel('Profile name').fill('Kids');
    await page.getByLabel('Age limit').selectOption('7');
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('button', { name: 'Watch as Kids' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Kids' }).getByText('Watching now').waitFor();

    await page.goto(`/title/${fixture.movie.slug}`);
    await page.getByRole('heading', { level: 1, name: 'Not available' }).waitFor();
  });

  test('the pages raised no script or console errors', () => {
    expect(problems).toEqual([]);
  });
});
