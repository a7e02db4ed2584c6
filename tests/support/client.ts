import { randomUUID } from 'node:crypto';

export interface GraphQLResponse<D = Record<string, any>> {
  status: number;
  data?: D;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** Sends one GraphQL operation the way a client app does. */
export async function gql<D = Record<string, any>>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string | null; url?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<D>> {
  const res = await fetch(options.url ?? process.env.GATEWAY_URL!, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<D>, 'status'>;
  return { status: res.status, ...body };
}

export const codes = (res: GraphQLResponse) => (res.errors ?? []).map((e) => e.extensions?.code);

export const uniqueEmail = (label = 'viewer') => `${label}-${randomUUID().slice(0, 8)}@tests.tvstream.dev`;

export const STRONG_PASSWORD = 'correct horse battery staple';

const AUTH_FIELDS = 'accessToken refreshToken expiresIn user { id email roles displayName profiles { id name maxMaturity } }';

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; roles: string[]; profiles: { id: string; name: string; maxMaturity: number }[] };
}

export async function register(email = uniqueEmail(), password = STRONG_PASSWORD): Promise<Session> {
  const res = await gql<{ register: Session }>(`mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`, {
    input: { email, password, displayName: 'Test Viewer' },
  });
  if (!res.data?.register) throw new Error(`register failed: ${JSON.stringify(res.errors)}`);
  return res.data.register;
}

export async function login(email: string, password: string) {
  return gql<{ login: Session }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ${AUTH_FIELDS} } }`, {
    e: email,
    p: password,
  });
}

export async function adminSession(): Promise<Session> {
  const res = await login(process.env.TEST_ADMIN_EMAIL!, process.env.TEST_ADMIN_PASSWORD!);
  if (!res.data?.login) throw new Error(`admin login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login;
}

/** A signed-in account holding the given roles (granted by the bootstrap administrator). */
export async function sessionWithRoles(roles: string[]): Promise<Session> {
  const session = await register(uniqueEmail(roles.join('-').toLowerCase()));
  const admin = await adminSession();
  const res = await gql(
    `mutation($id: ID!, $roles: [Role!]!) { setUserRoles(userId: $id, roles: $roles) { id } }`,
    { id: session.user.id, roles },
    { token: admin.accessToken },
  );
  if (res.errors) throw new Error(`setUserRoles failed: ${JSON.stringify(res.errors)}`);
  const relogin = await login(session.user.email, STRONG_PASSWORD);
  return relogin.data!.login;
}

export { AUTH_FIELDS };
