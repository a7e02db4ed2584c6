import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LoginThrottle } from './login-throttle';

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    return (error as { extensions: { code: string } }).extensions.code;
  }
};

function throttle(ipAttempts = 3, accountFailures = 2) {
  return new LoginThrottle(
    new RateLimiterMemory({ keyPrefix: 'ip', points: ipAttempts, duration: 60 }),
    new RateLimiterMemory({ keyPrefix: 'acct', points: accountFailures, duration: 900 }),
  );
}

describe('login throttling', () => {
  test('an address is limited across accounts, counting every attempt', async () => {
    const t = throttle(3, 100);
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) expect(await codeOf(t.beforeAttempt(email, '10.0.0.1'))).toBe('allowed');
    expect(await codeOf(t.beforeAttempt('d@x.io', '10.0.0.1'))).toBe('RATE_LIMITED');
    expect(await codeOf(t.beforeAttempt('d@x.io', '10.0.0.2'))).toBe('allowed');
  });

  test('an account is limited after repeated failures, from any address', async () => {
    const t = throttle(100, 2);
    await t.recordFailure('victim@x.io');
    expect(await codeOf(t.beforeAttempt('victim@x.io', '10.0.0.1'))).toBe('allowed');
    await t.recordFailure('victim@x.io');
    expect(await codeOf(t.beforeAttempt('victim@x.io', '10.0.0.9'))).toBe('RATE_LIMITED');
    expect(await codeOf(t.beforeAttempt('other@x.io', '10.0.0.1'))).toBe('allowed');
  });

  test('a success clears the failure count', async () => {
    const t = throttle(100, 2);
    await t.recordFailure('me@x.io');
    await t.recordSuccess('me@x.io');
    await t.recordFailure('me@x.io');
    expect(await codeOf(t.beforeAttempt('me@x.io', '10.0.0.1'))).toBe('allowed');
  });

  test('the refusal says when to retry', async () => {
    const t = throttle(1, 100);
    await t.beforeAttempt('a@x.io', '10.0.0.1');
    await expect(t.beforeAttempt('a@x.io', '10.0.0.1')).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
  });
});
