/**
 * Rights asks catalog and live for content facts on every start and (when its cache is cold) every
 * heartbeat. An owner that accepts the request and never answers must cost a bounded wait and a clear
 * error, not a hung playback call.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContentDirectory } from '../subgraphs/rights/src/data/content-directory';

const CATALOG_URL = process.env.SUBGRAPH_CATALOG_URL!;

describe('content owners that stall', () => {
  let stalled: Server;
  let stalledUrl: string;
  const held: (() => void)[] = [];

  beforeAll(async () => {
    // Reads the request, then keeps the connection open without a word, like an owner stuck on its database.
    stalled = createServer((req, res) => {
      req.resume();
      held.push(() => res.destroy());
    });
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    stalledUrl = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    for (const release of held) release();
    await new Promise((resolve) => stalled.close(resolve));
  });

  test('a lookup that the owner never answers fails with SERVICE_UNAVAILABLE naming the owner', async () => {
    const directory = new ContentDirectory({ catalog: stalledUrl, live: stalledUrl }, 60, 500);
    await expect(directory.find('6f1b2c1e-0000-4000-8000-00000000abcd')).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'CONTENT_OWNER_TIMEOUT' },
    });
    await expect(directory.recent({ type: 'CHANNEL', id: '6f1b2c1e-0000-4000-8000-00000000abcd' })).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'CONTENT_OWNER_TIMEOUT', service: 'live' },
    });
  });

  test('an owner that is down fails the same way at once', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/graphql`;
    await new Promise((resolve) => closed.close(resolve));
    const directory = new ContentDirectory({ catalog: url, live: url }, 60, 5_000);
    await expect(directory.recent({ type: 'MOVIE', id: '6f1b2c1e-0000-4000-8000-00000000abcd' })).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'CONTENT_OWNER_UNAVAILABLE', service: 'catalog' },
    });
  });

  test('a healthy owner still answers within the same bound (unknown content is null, not an error)', async () => {
    const directory = new ContentDirectory({ catalog: CATALOG_URL, live: stalledUrl }, 60, 10_000);
    expect(await directory.recent({ type: 'MOVIE', id: '6f1b2c1e-0000-4000-8000-00000000abcd' })).toBeNull();
  });
});
