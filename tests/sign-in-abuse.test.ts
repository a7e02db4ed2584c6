import { AUTH_FIELDS, codes, gql, register, STRONG_PASSWORD } from './support/client';

/** Sign-in that resists abuse: atomic limits keyed by an address nobody can forge, that never lock out the owner. */

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ${AUTH_FIELDS} } }`;

/** Identity as the gateway reaches it: the gateway (a trusted proxy) writes the client's address. */
const loginFrom = (address: string, email: string, password: string) =>
  gql(LOGIN, { e: email, p: password }, { url: process.env.IDENTITY_URL, headers: { 'x-forwarded-for': address } });

describe('sign-in throttling', () => {
  test('50 parallel wrong passwords, each with a forged X-Forwarded-For: at most 5 are checked, the rest RATE_LIMITED', async () => {
    const { user } = await register();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        gql(LOGIN, { e: user.email, p: 'not the password at all' }, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } }),
      ),
    );
    const outcomes = results.flatMap(codes);
    expect(outcomes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(5);
    expect(outcomes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(45);
    expect(outcomes.every((c) => c === 'UNAUTHENTICATED' || c === 'RATE_LIMITED')).toBe(true);
  });

  test('the owner signs in from an address they used before while an attacker elsewhere is throttled', async () => {
    const { user } = await register();
    expect((await loginFrom('198.51.100.10', user.email, STRONG_PASSWORD)).errors).toBeUndefined();

    for (let i = 0; i < 5; i++) expect(codes(await loginFrom('203.0.113.66', user.email, 'guess number one'))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await loginFrom('203.0.113.66', user.email, STRONG_PASSWORD))).toEqual(['RATE_LIMITED']);

    const owner = await loginFrom('198.51.100.10', user.email, STRONG_PASSWORD);
    expect(owner.errors).toBeUndefined();
    expect(owner.data?.login.user.email).toBe(user.email);
  });

  test('guesses spread over many addresses hit the account-wide limit, which still spares the owner’s address', async () => {
    const { user } = await register();
    expect((await loginFrom('198.51.100.20', user.email, STRONG_PASSWORD)).errors).toBeUndefined();
    // 50 failures a day from addresses the account never used (LOGIN_MAX_FAILURES_PER_ACCOUNT), 5 per address.
    for (let address = 0; address < 10; address++) {
      const results = await Promise.all(Array.from({ length: 5 }, () => loginFrom(`192.0.2.${address + 1}`, user.email, 'a wrong guess here')));
      expect(results.flatMap(codes)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    }
    expect(codes(await loginFrom('192.0.2.200', user.email, STRONG_PASSWORD))).toEqual(['RATE_LIMITED']);
    expect((await loginFrom('198.51.100.20', user.email, STRONG_PASSWORD)).errors).toBeUndefined();
  });
});
