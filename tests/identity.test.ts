import { adminSession, AUTH_FIELDS, codes, gql, login, register, STRONG_PASSWORD, uniqueEmail, type Session } from './support/client';

const ME = `{ me { id email displayName roles disabled profiles { name maxMaturity } } }`;
const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { ${AUTH_FIELDS} } }`;

describe('accounts through the gateway', () => {
  test('register, then log in, then read me', async () => {
    const email = uniqueEmail();
    const registered = await register(email);
    expect(registered.user.email).toBe(email);
    expect(registered.user.roles).toEqual(['VIEWER']);

    const res = await login(email.toUpperCase(), STRONG_PASSWORD);
    expect(res.errors).toBeUndefined();
    const me = await gql(ME, {}, { token: res.data!.login.accessToken });
    expect(me.data!.me).toMatchObject({ id: registered.user.id, email, disabled: false, roles: ['VIEWER'] });
    expect(me.data!.me.profiles).toEqual([{ name: 'Test Viewer', maxMaturity: 18 }]);
  });

  test('anonymous me is null', async () => {
    expect((await gql(ME)).data!.me).toBeNull();
  });

  test('a wrong password is refused as UNAUTHENTICATED', async () => {
    const { user } = await register();
    const res = await login(user.email, 'not the password at all');
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toBeNull();
  });

  test('a taken email is a CONFLICT', async () => {
    const email = uniqueEmail();
    await register(email);
    const res = await gql(`mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`, {
      i: { email, password: STRONG_PASSWORD, displayName: 'Twin' },
    });
    expect(codes(res)).toEqual(['CONFLICT']);
  });

  test('a weak password is BAD_USER_INPUT naming the field, and creates no account', async () => {
    const email = uniqueEmail();
    const res = await gql(`mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`, {
      i: { email, password: 'short', displayName: 'Weak' },
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.fieldErrors).toEqual([{ field: 'password', message: 'Use at least 10 characters' }]);
    expect(codes(await login(email, 'short'))).toEqual(['UNAUTHENTICATED']);
  });

  test('password123, Password1! and one’s own email are refused with a fieldErrors reason, at register and at changePassword', async () => {
    const email = uniqueEmail('policy');
    for (const password of ['password123', 'Password1!', email]) {
      const res = await gql(`mutation($i: RegisterInput!) { register(input: $i) { accessToken } }`, { i: { email, password, displayName: 'Policy' } });
      expect({ password, codes: codes(res) }).toEqual({ password, codes: ['BAD_USER_INPUT'] });
      expect(res.errors![0].extensions!.fieldErrors).toEqual([{ field: 'password', message: expect.any(String) }]);
    }
    expect(codes(await login(email, 'password123'))).toEqual(['UNAUTHENTICATED']);
    const session = await register();
    for (const newPassword of ['password123', 'Password1!', session.user.email]) {
      const res = await gql(
        `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
        { c: STRONG_PASSWORD, n: newPassword },
        { token: session.accessToken },
      );
      expect({ newPassword, codes: codes(res) }).toEqual({ newPassword, codes: ['BAD_USER_INPUT'] });
      expect(res.errors![0].extensions!.fieldErrors).toEqual([{ field: 'newPassword', message: expect.any(String) }]);
    }
  });

  test('repeated failures lock the account out with RATE_LIMITED, even with the right password', async () => {
    const { user } = await register();
    for (let i = 0; i < 5; i++) expect(codes(await login(user.email, 'wrong password attempt'))).toEqual(['UNAUTHENTICATED']);
    const blocked = await login(user.email, STRONG_PASSWORD);
    expect(codes(blocked)).toEqual(['RATE_LIMITED']);
    expect(blocked.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
  });
});

describe('sessions', () => {
  const refresh = (token: string) => gql<{ refreshToken: Session }>(REFRESH, { t: token });

  test('each refresh rotates the token; reusing a rotated token revokes the whole family', async () => {
    const first = await register();
    const second = await refresh(first.refreshToken);
    expect(second.errors).toBeUndefined();
    const secondToken = second.data!.refreshToken.refreshToken;
    expect(secondToken).not.toBe(first.refreshToken);

    const reuse = await refresh(first.refreshToken);
    expect(codes(reuse)).toEqual(['UNAUTHENTICATED']);
    expect(reuse.errors![0].message).toMatch(/already used/);
    // The legitimate newest token died with the family.
    expect(codes(await refresh(secondToken))).toEqual(['UNAUTHENTICATED']);
  });

  test('logout ends the session', async () => {
    const session = await register();
    const out = await gql(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: session.refreshToken });
    expect(out.data!.logout).toBe(true);
    expect(codes(await refresh(session.refreshToken))).toEqual(['UNAUTHENTICATED']);
  });

  test('selecting a kids profile puts its maturity limit into the session', async () => {
    const session = await register();
    const created = await gql(`mutation { createProfile(name: "Kids", maxMaturity: 7) { id maxMaturity } }`, {}, { token: session.accessToken });
    const kids = created.data!.createProfile;
    const switched = await gql(
      `mutation($t: String!, $p: ID!) { selectProfile(refreshToken: $t, profileId: $p) { accessToken profile { name maxMaturity } } }`,
      { t: session.refreshToken, p: kids.id },
    );
    expect(switched.data!.selectProfile.profile).toEqual({ name: 'Kids', maxMaturity: 7 });
    const claims = JSON.parse(Buffer.from(switched.data!.selectProfile.accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ pid: kids.id, mat: 7 });
  });

  test('an invalid maturity level is BAD_USER_INPUT', async () => {
    const session = await register();
    const res = await gql(`mutation { createProfile(name: "Odd", maxMaturity: 13) { id } }`, {}, { token: session.accessToken });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  test('a profile id that is not the account’s is NOT_FOUND and leaves the session signed in', async () => {
    const session = await register();
    const SELECT = `mutation($t: String!, $p: ID!) { selectProfile(refreshToken: $t, profileId: $p) { refreshToken profile { name } } }`;
    const wrong = await gql(SELECT, { t: session.refreshToken, p: '00000000-0000-4000-8000-000000000000' });
    expect(codes(wrong)).toEqual(['NOT_FOUND']);
    const right = await gql<{ selectProfile: Session & { profile: { name: string } } }>(SELECT, { t: session.refreshToken, p: session.user.profiles[0].id });
    expect(right.errors).toBeUndefined();
    expect(right.data!.selectProfile.profile.name).toBe('Test Viewer');
    expect((await refresh(right.data!.selectProfile.refreshToken)).errors).toBeUndefined();
  });

  test('changing the password signs out every other session, keeps the caller’s, and the new password works', async () => {
    const session = await register();
    const elsewhere = (await login(session.user.email, STRONG_PASSWORD)).data!.login;
    const res = await gql(
      `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
      { c: STRONG_PASSWORD, n: 'a brand new passphrase' },
      { token: session.accessToken },
    );
    expect(res.data!.changePassword).toBe(true);
    expect(codes(await refresh(elsewhere.refreshToken))).toEqual(['UNAUTHENTICATED']);
    expect((await refresh(session.refreshToken)).errors).toBeUndefined();
    expect((await login(session.user.email, 'a brand new passphrase')).data!.login.user.id).toBe(session.user.id);
  });
});

describe('administration', () => {
  const USERS = `query($f: UserFilter, $after: String) { users(filter: $f, first: 2, after: $after) { edges { cursor node { id email roles } } pageInfo { hasNextPage endCursor } } }`;

  test('a viewer calling an admin field is FORBIDDEN; an anonymous caller is UNAUTHENTICATED', async () => {
    const viewer = await register();
    const asViewer = await gql(USERS, {}, { token: viewer.accessToken });
    expect(codes(asViewer)).toEqual(['FORBIDDEN']);
    expect(codes(await gql(USERS))).toEqual(['UNAUTHENTICATED']);
    const setRoles = await gql(
      `mutation($id: ID!) { setUserRoles(userId: $id, roles: [ADMIN]) { id } }`,
      { id: viewer.user.id },
      { token: viewer.accessToken },
    );
    expect(codes(setRoles)).toEqual(['FORBIDDEN']);
  });

  test('an admin lists users with filters and stable cursors', async () => {
    const admin = await adminSession();
    const marker = `page-${Date.now()}`;
    for (let i = 0; i < 3; i++) await register(`${marker}-${i}@tests.tvstream.dev`);
    const first = await gql(USERS, { f: { emailContains: marker } }, { token: admin.accessToken });
    expect(first.errors).toBeUndefined();
    expect(first.data!.users.edges.map((e: { node: { email: string } }) => e.node.email)).toEqual([
      `${marker}-2@tests.tvstream.dev`,
      `${marker}-1@tests.tvstream.dev`,
    ]);
    expect(first.data!.users.pageInfo.hasNextPage).toBe(true);
    const second = await gql(USERS, { f: { emailContains: marker }, after: first.data!.users.pageInfo.endCursor }, { token: admin.accessToken });
    expect(second.data!.users.edges.map((e: { node: { email: string } }) => e.node.email)).toEqual([`${marker}-0@tests.tvstream.dev`]);
    expect(second.data!.users.pageInfo.hasNextPage).toBe(false);
  });

  test('an admin sets roles; the change is audited', async () => {
    const admin = await adminSession();
    const viewer = await register();
    const res = await gql(
      `mutation($id: ID!) { setUserRoles(userId: $id, roles: [EDITOR]) { id roles } }`,
      { id: viewer.user.id },
      { token: admin.accessToken },
    );
    expect(res.data!.setUserRoles.roles).toEqual(['VIEWER', 'EDITOR']);
    const log = await gql(`{ auditLog(first: 20) { actorId action targetId details } }`, {}, { token: admin.accessToken });
    const entries = log.data!.auditLog.map((e: { details: string }) => ({ ...e, details: JSON.parse(e.details) }));
    expect(entries).toContainEqual({
      actorId: admin.user.id,
      action: 'user.setRoles',
      targetId: viewer.user.id,
      details: { from: ['VIEWER'], to: ['VIEWER', 'EDITOR'] },
    });
  });

  test('a disabled user can neither log in nor refresh', async () => {
    const admin = await adminSession();
    const viewer = await register();
    const res = await gql(`mutation($id: ID!) { disableUser(userId: $id) { disabled } }`, { id: viewer.user.id }, { token: admin.accessToken });
    expect(res.data!.disableUser.disabled).toBe(true);
    expect(codes(await login(viewer.user.email, STRONG_PASSWORD))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(REFRESH, { t: viewer.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  test('another account’s email stays private', async () => {
    const viewer = await register();
    const other = await register();
    const res = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email displayName } } }`,
      { r: [{ __typename: 'User', id: other.user.id }] },
      { token: viewer.accessToken, url: process.env.IDENTITY_URL },
    );
    expect(res.data!._entities[0]).toEqual({ id: other.user.id, email: null, displayName: 'Test Viewer' });
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });
});
