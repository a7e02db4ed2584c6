import { RateLimiterMemory } from 'rate-limiter-flexible';
import { KNOWN_ADDRESS_SECONDS, LoginThrottle } from './login-throttle';

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
};

function throttle({ ipAttempts = 100, consecutive = 3, perAccount = 10, registrations = 100, refreshes = 100 } = {}) {
  const memory = (keyPrefix: string, points: number, duration = 900) => new RateLimiterMemory({ keyPrefix, points, duration });
  return new LoginThrottle({
    perIp: memory('ip', ipAttempts, 60),
    perAccountAndIp: memory('acct-ip', consecutive),
    perAccount: memory('acct', perAccount, 86400),
    knownAddresses: memory('known', 1, KNOWN_ADDRESS_SECONDS),
    registrations: memory('register', registrations, 3600),
    refreshes: memory('refresh', refreshes, 60),
  });
}

/** A wrong password: the attempt's points stay consumed. */
const fail = (t: LoginThrottle, email: string, ip: string) => codeOf(t.beforeAttempt(email, ip));
/** A right password: the points are given back. */
const succeed = async (t: LoginThrottle, email: string, ip: string) => {
  const attempt = await t.beforeAttempt(email, ip);
  await t.succeeded(attempt);
};

describe('sign-in throttling', () => {
  test('an address is limited across accounts, counting every attempt', async () => {
    const t = throttle({ ipAttempts: 3 });
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) expect(await fail(t, email, '10.0.0.1')).toBe('allowed');
    expect(await fail(t, 'd@x.io', '10.0.0.1')).toBe('RATE_LIMITED');
    expect(await fail(t, 'd@x.io', '10.0.0.2')).toBe('allowed');
  });

  test('parallel guesses are counted before any is checked: only the configured number get through', async () => {
    const t = throttle({ consecutive: 5 });
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => fail(t, 'victim@x.io', '10.0.0.66')));
    expect(outcomes.filter((o) => o === 'allowed')).toHaveLength(5);
  });

  test('an attacker’s failures stop the attacker’s address, not the owner signing in from theirs', async () => {
    const t = throttle({ consecutive: 3 });
    for (let i = 0; i < 3; i++) expect(await fail(t, 'owner@x.io', '10.0.0.66')).toBe('allowed');
    expect(await fail(t, 'owner@x.io', '10.0.0.66')).toBe('RATE_LIMITED');
    expect(await codeOf(succeed(t, 'owner@x.io', '192.168.1.20'))).toBe('allowed');
  });

  test('guesses spread over many addresses hit the slower account limit, which spares addresses the owner used before', async () => {
    const t = throttle({ consecutive: 3, perAccount: 10 });
    await succeed(t, 'owner@x.io', '192.168.1.20');
    for (let i = 0; i < 10; i++) expect(await fail(t, 'owner@x.io', `10.0.1.${i}`)).toBe('allowed');
    expect(await fail(t, 'owner@x.io', '10.0.2.1')).toBe('RATE_LIMITED');
    expect(await codeOf(succeed(t, 'owner@x.io', '192.168.1.20'))).toBe('allowed');
  });

  test('the owner’s own mistakes are given back when they get the password right', async () => {
    const t = throttle({ consecutive: 3, perAccount: 3 });
    for (let round = 0; round < 3; round++) {
      expect(await fail(t, 'me@x.io', '10.0.0.1')).toBe('allowed');
      expect(await fail(t, 'me@x.io', '10.0.0.1')).toBe('allowed');
      expect(await codeOf(succeed(t, 'me@x.io', '10.0.0.1'))).toBe('allowed');
    }
  });

  test('registrations and refreshes are limited per address', async () => {
    const t = throttle({ registrations: 2, refreshes: 1 });
    expect(await codeOf(t.beforeRegistration('10.0.0.1'))).toBe('allowed');
    expect(await codeOf(t.beforeRegistration('10.0.0.1'))).toBe('allowed');
    expect(await codeOf(t.beforeRegistration('10.0.0.1'))).toBe('RATE_LIMITED');
    expect(await codeOf(t.beforeRegistration('10.0.0.2'))).toBe('allowed');
    expect(await codeOf(t.beforeRefresh('10.0.0.1'))).toBe('allowed');
    expect(await codeOf(t.beforeRefresh('10.0.0.1'))).toBe('RATE_LIMITED');
  });

  test('the refusal says when to retry', async () => {
    const t = throttle({ ipAttempts: 1 });
    await t.beforeAttempt('a@x.io', '10.0.0.1');
    await expect(t.beforeAttempt('a@x.io', '10.0.0.1')).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
  });
});
