import type { AddressInfo } from 'node:net';
import { createHttpApp, trustedProxies } from './http';

/** The address a service sees for a request sent from this machine with the given X-Forwarded-For. */
async function seenAddress(trusted: string, forwardedFor: string): Promise<string> {
  const { app, httpServer, clientIp } = createHttpApp(trusted);
  // The node:http GraphQL route finds the same address as Express's req.ip.
  app.get('/ip', (req, res) => void res.send(req.ip === clientIp(req) ? req.ip : `req.ip ${req.ip} but clientIp ${clientIp(req)}`));
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = httpServer.address() as AddressInfo;
    return await (await fetch(`http://127.0.0.1:${port}/ip`, { headers: { 'x-forwarded-for': forwardedFor } })).text();
  } finally {
    await new Promise((resolve) => httpServer.close(resolve));
  }
}

describe('client addresses', () => {
  test('TRUSTED_PROXIES: empty trusts nobody, a number counts hops, anything else lists addresses', () => {
    expect(trustedProxies('')).toBe(false);
    expect(trustedProxies(' 2 ')).toBe(2);
    expect(trustedProxies('10.0.0.0/8, 127.0.0.1')).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  test('by default a forged X-Forwarded-For is ignored: the peer is the client', async () => {
    expect(await seenAddress('', '203.0.113.9')).toBe('127.0.0.1');
  });

  test('behind a trusted proxy the address it wrote counts, and nothing the client wrote before it', async () => {
    expect(await seenAddress('127.0.0.1/8', '203.0.113.9')).toBe('203.0.113.9');
    expect(await seenAddress('1', '198.51.100.7, 203.0.113.9')).toBe('203.0.113.9');
    expect(await seenAddress('2', '198.51.100.7, 203.0.113.9')).toBe('198.51.100.7');
    expect(await seenAddress('127.0.0.1/8, 203.0.113.0/24', '198.51.100.7, 203.0.113.9')).toBe('198.51.100.7');
    expect(await seenAddress('127.0.0.1/8, 203.0.113.0/24', '203.0.113.8, 203.0.113.9')).toBe('203.0.113.8');
  });

  test('an invalid proxy address fails the start-up', () => {
    expect(() => createHttpApp('10.0.0.300/8')).toThrow();
  });
});
