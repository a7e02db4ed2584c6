/**
 * Distributed tracing on a real Zipkin: a request a client starts with its own `traceparent` is one trace
 * in Zipkin's API, with spans from every service that worked on it, each linked to its real parent —
 * across the gateway's calls to the subgraphs, and for an edit, through the outbox, Kafka and the indexer.
 */
import { randomBytes } from 'node:crypto';
import { gql, sessionWithRoles, type Session } from './support/client';
import { createChannel } from './support/live';
import { must, publishedMovie } from './support/rights';

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

/** What a client app does to follow its own request: it picks the trace id and the caller span. */
function clientTrace() {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  return { traceId, callerSpanId, headers: { traceparent: `00-${traceId}-${callerSpanId}-01` } };
}

const serviceOf = (span: ZipkinSpan) => span.localEndpoint?.serviceName ?? '';

async function traceSpans(traceId: string): Promise<ZipkinSpan[]> {
  const res = await fetch(`${process.env.TEST_ZIPKIN_URL}/api/v2/trace/${traceId}`);
  return res.ok ? ((await res.json()) as ZipkinSpan[]) : [];
}

/** Spans reach Zipkin in batches a few seconds apart: waits until the trace holds what `complete` needs. */
async function traceOnceComplete(traceId: string, complete: (spans: ZipkinSpan[]) => boolean, timeoutMs = 60_000): Promise<ZipkinSpan[]> {
  const started = Date.now();
  let spans: ZipkinSpan[] = [];
  while (Date.now() - started < timeoutMs) {
    spans = await traceSpans(traceId);
    if (complete(spans)) return spans;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`trace ${traceId} incomplete after ${timeoutMs} ms: ${JSON.stringify(spans.map((s) => [serviceOf(s), s.kind, s.name]))}`);
}

/** No span points at a parent Zipkin has not received yet (each service sends its spans on its own schedule). */
function danglingParents(spans: ZipkinSpan[], callerSpanId: string) {
  const ids = new Set(spans.map((s) => s.id));
  return spans.filter((s) => s.parentId && !ids.has(s.parentId) && s.parentId !== callerSpanId);
}

const hasServices = (names: string[], callerSpanId: string) => (spans: ZipkinSpan[]) =>
  names.every((name) => spans.some((s) => serviceOf(s) === name && s.kind === 'SERVER')) && danglingParents(spans, callerSpanId).length === 0;

/** Every span's parent is in the trace, except the one the client's own span started (under `root`). */
function expectConnected(spans: ZipkinSpan[], callerSpanId: string, root = 'gateway') {
  expect(danglingParents(spans, callerSpanId).map((s) => `${serviceOf(s)} ${s.name}`)).toEqual([]);
  const roots = spans.filter((s) => !s.parentId || s.parentId === callerSpanId);
  expect(roots.map((s) => [serviceOf(s), s.kind])).toEqual([[root, 'SERVER']]);
}

const parentOf = (spans: ZipkinSpan[], span: ZipkinSpan) => spans.find((s) => s.id === span.parentId);

describe('distributed tracing (Zipkin)', () => {
  let editor: Session;

  beforeAll(async () => {
    editor = await sessionWithRoles(['EDITOR']);
  });

  it('shows a federated query as one trace: gateway, then catalog, rights and live, each under the gateway call that reached it', async () => {
    const movieId = await publishedMovie(editor);
    await createChannel(editor.accessToken);
    const { traceId, callerSpanId, headers } = clientTrace();
    const res = await gql(
      `query Traced($id: ID!) { title(id: $id) { id title ... on Movie { entitled } } channels { id name entitled nowNext { now { id } } } }`,
      { id: movieId },
      { token: editor.accessToken, headers },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.title).toMatchObject({ id: movieId, entitled: false });

    const spans = await traceOnceComplete(traceId, hasServices(['gateway', 'catalog', 'rights', 'live'], callerSpanId));
    expectConnected(spans, callerSpanId);
    // The gateway's own view of the operation: planning and one fetch per subgraph call.
    expect(spans.some((s) => serviceOf(s) === 'gateway' && s.name === 'gateway.plan')).toBe(true);
    for (const service of ['catalog', 'rights', 'live']) {
      const servers = spans.filter((s) => serviceOf(s) === service && s.kind === 'SERVER');
      for (const server of servers) {
        // Each subgraph request hangs under the gateway's HTTP call that sent it.
        expect([serviceOf(parentOf(spans, server)!), parentOf(spans, server)!.kind]).toEqual(['gateway', 'CLIENT']);
      }
      // GraphQL execution and the service's SQL are in the same trace.
      expect(spans.some((s) => serviceOf(s) === service && /^(query|mutation)\b/.test(s.name ?? ''))).toBe(true);
    }
    expect(spans.some((s) => serviceOf(s) === 'catalog' && s.tags?.['db.system.name'] === 'postgresql')).toBe(true);
  });

  it('starts the trace of a request the browser sends to the web origin at the web server, whose proxy call is the gateway’s parent', async () => {
    const { traceId, callerSpanId, headers } = clientTrace();
    const res = await gql(`query WebTraced { genres { name } }`, {}, { url: new URL('/graphql', process.env.WEB_URL).href, headers });
    expect(res.errors).toBeUndefined();

    const spans = await traceOnceComplete(traceId, hasServices(['web', 'gateway', 'catalog'], callerSpanId));
    expectConnected(spans, callerSpanId, 'web');
    const gateway = spans.find((s) => serviceOf(s) === 'gateway' && s.kind === 'SERVER')!;
    const proxyCall = parentOf(spans, gateway)!;
    expect([serviceOf(proxyCall), proxyCall.kind]).toEqual(['web', 'CLIENT']);
    // The proxy call belongs to the browser's request to the web server, which continues the caller's span.
    const webServer = parentOf(spans, proxyCall)!;
    expect([serviceOf(webServer), webServer.kind, webServer.parentId, webServer.tags?.['url.path']]).toEqual(['web', 'SERVER', callerSpanId, '/graphql']);
  });

  it("follows an editor's updateTitle from the gateway through catalog, the outbox relay and Kafka to the search indexer", async () => {
    const movieId = await publishedMovie(editor);
    const { traceId, callerSpanId, headers } = clientTrace();
    const renamed = `Traced ${randomBytes(4).toString('hex')} Voyage`;
    await must(
      `mutation($id: ID!, $i: TitleInput!) { updateTitle(id: $id, input: $i) { id } }`,
      { id: movieId, i: { title: renamed } },
      editor.accessToken,
      headers,
    );

    const spans = await traceOnceComplete(
      traceId,
      (all) => all.some((s) => serviceOf(s) === 'search' && s.kind === 'CONSUMER') && danglingParents(all, callerSpanId).length === 0,
    );
    expectConnected(spans, callerSpanId);
    const published = spans.find((s) => s.kind === 'PRODUCER')!;
    // The relay's publish continues the request that committed the event...
    expect(serviceOf(published)).toBe('catalog');
    expect(published.name).toMatch(/catalog\.titles$/);
    expect(serviceOf(parentOf(spans, published)!)).toBe('catalog');
    // ...and the indexer's processing continues the publish, through the message's headers.
    const consumed = spans.find((s) => serviceOf(s) === 'search' && s.kind === 'CONSUMER')!;
    expect(consumed.parentId).toBe(published.id);
    expect(consumed.tags?.['messaging.destination.name']).toBe(published.tags?.['messaging.destination.name']);

    // And the edit is what search finds (once the index has refreshed).
    const found = async () => {
      const res = await gql<{ search: { edges: { node: { id: string } }[] } }>(`query($q: String!) { search(query: $q) { edges { node { id } } } }`, {
        q: renamed,
      });
      return res.data!.search.edges.some((e) => e.node.id === movieId);
    };
    const started = Date.now();
    while (!(await found()) && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await found()).toBe(true);
  });
});
