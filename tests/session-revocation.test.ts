import { adminSession, codes, gql, login, register, STRONG_PASSWORD } from './support/client';

/** Access tokens already issued stop working at the gateway within seconds of logout, disableUser or changePassword. */

const ME = `{ me { id } }`;

/** Polls the gateway with a token until it is refused (a revocation is cached there for a couple of seconds). */
async function refusedWithin(token: string, timeoutMs = 30_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await gql(ME, {}, { token });
    if (res.errors) return codes(res) as string[];
    if (Date.now() > deadline) throw new Error('the token still works');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('session revocation', () => {
  test('logout ends the session’s access token, not the account’s other sessions', async () => {
    const first = await register();
    const second = (await login(first.user.email, STRONG_PASSWORD)).data!.login;
    expect((await gql(ME, {}, { token: first.accessToken })).data?.me.id).toBe(first.user.id);
    const out = await gql(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: first.refreshToken }, { token: first.accessToken });
    expect(out.data?.logout).toBe(true);
    expect(await refusedWithin(first.accessToken)).toEqual(['UNAUTHENTICATED']);
    expect((await gql(ME, {}, { token: second.accessToken })).data?.me.id).toBe(first.user.id);
  });

  test('disableUser ends every access token of the account', async () => {
    const admin = await adminSession();
    const viewer = await register();
    expect((await gql(ME, {}, { token: viewer.accessToken })).data?.me.id).toBe(viewer.user.id);
    const res = await gql(`mutation($id: ID!) { disableUser(userId: $id) { disabled } }`, { id: viewer.user.id }, { token: admin.accessToken });
    expect(res.data?.disableUser.disabled).toBe(true);
    expect(await refusedWithin(viewer.accessToken)).toEqual(['UNAUTHENTICATED']);
  });

  test('changePassword ends the access tokens of every other session, not the caller’s; signing in with the new password works', async () => {
    const session = await register();
    const elsewhere = (await login(session.user.email, STRONG_PASSWORD)).data!.login;
    const res = await gql(
      `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
      { c: STRONG_PASSWORD, n: 'a brand new passphrase' },
      { token: session.accessToken },
    );
    expect(res.data?.changePassword).toBe(true);
    expect(await refusedWithin(elsewhere.accessToken)).toEqual(['UNAUTHENTICATED']);
    // The caller's own session is spared: its token still answers once the other one is refused.
    expect((await gql(ME, {}, { token: session.accessToken })).data?.me.id).toBe(session.user.id);
    const fresh = (await login(session.user.email, 'a brand new passphrase')).data!.login;
    expect((await gql(ME, {}, { token: fresh.accessToken })).data?.me.id).toBe(session.user.id);
  });
});
