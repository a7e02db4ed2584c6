/**
 * The app's whole GraphQL client: POST to /graphql on this origin (server/index.ts proxies it to the
 * gateway) with the access token, refreshing it shortly before it expires. Small on purpose: the app needs
 * bearer auth, one-use refresh tokens and the API's error codes, not a normalized cache.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import trustedDocuments from './generated/persisted-documents.json';

export interface Profile {
  id: string;
  name: string;
  maxMaturity: number;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  user: { id: string; email: string | null; displayName: string; roles: string[]; profiles: Profile[] };
  /** The profile the tokens are for (its maturity limit applies everywhere); null: the account's own, 18+. */
  profile: Profile | null;
}

/** A refusal or failure, carrying the API's `extensions.code` and, for refusals, its `reason`. */
export class ApiError extends Error {
  readonly code: string;
  readonly reason: string | null;
  readonly extensions: Record<string, unknown>;

  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message);
    this.code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
    this.reason = typeof extensions.reason === 'string' ? extensions.reason : null;
    this.extensions = extensions;
  }

  /** What a viewer or support needs to tell refusals apart: NOT_ENTITLED rather than FORBIDDEN. */
  get label(): string {
    return this.reason ?? this.code;
  }
}

// --- session store (localStorage, shared by every component through useSyncExternalStore) -------------

const STORAGE_KEY = 'tvstream.session';
const listeners = new Set<() => void>();
let session: Session | null = readStoredSession();

function readStoredSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function setSession(next: Session | null) {
  session = next;
  if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else localStorage.removeItem(STORAGE_KEY);
  listeners.forEach((listener) => listener());
}

// Another tab signed in or out: follow it.
window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY) return;
  session = readStoredSession();
  listeners.forEach((listener) => listener());
});

export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => session,
  );
}

// --- transport --------------------------------------------------------------------------------------------

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

// Every operation of this app is registered with the gateway at build (`npm run documents`), which in
// production answers nothing else: the app sends the document's id, the gateway already holds it parsed.
const documentIds = new Map(Object.entries(trustedDocuments as Record<string, string>).map(([id, text]) => [text, id]));
const operationBody = (query: string, variables: Record<string, unknown>) => {
  const documentId = documentIds.get(query);
  // The name travels beside the id, so proxies, logs and the browser's network panel can tell operations apart.
  const operationName = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1];
  return JSON.stringify(documentId ? { documentId, operationName, variables } : { query, variables });
};

async function post<T>(query: string, variables: Record<string, unknown>, token: string | null): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: operationBody(query, variables),
    });
  } catch {
    throw new ApiError('Cannot reach the service; check your connection', { code: 'NETWORK_ERROR' });
  }
  let body: GraphQLBody<T>;
  try {
    body = (await response.json()) as GraphQLBody<T>;
  } catch {
    throw new ApiError(`The service answered ${response.status}`, { code: 'BAD_RESPONSE' });
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions);
  if (!body.data) throw new ApiError('The service returned no data', { code: 'BAD_RESPONSE' });
  return body.data;
}

const AUTH_FIELDS = `accessToken refreshToken expiresIn
  user { id email displayName roles profiles { id name maxMaturity } }
  profile { id name maxMaturity }`;

interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: Session['user'];
  profile: Profile | null;
}

const toSession = (payload: AuthPayload): Session => ({
  accessToken: payload.accessToken,
  refreshToken: payload.refreshToken,
  expiresAt: Date.now() + payload.expiresIn * 1000,
  user: payload.user,
  profile: payload.profile,
});

// Refresh tokens are single-use (reuse revokes the whole family). Within a tab, concurrent requests share
// one refresh; across tabs, a Web Lock lets one tab at a time spend the stored token, and a tab that waited
// adopts the pair the other one got instead of spending the old token again.
const REFRESH_LOCK = 'tvstream.refresh';
let refreshing: Promise<Session | null> | null = null;

// That pair is handed over in IndexedDB, written before the lock is released. localStorage cannot carry it:
// each tab reads its own copy, which the browser updates from the other tabs' writes when it gets to it,
// unordered with the lock (whatwg/html#403), so a tab granted the lock may still find the token just spent
// there. IndexedDB reads and writes all go through the browser's one database, in order.
const ROTATIONS_DB = 'tvstream.refresh';
const ROTATIONS = 'rotations';
/** Enough to follow a tab that slept through several refreshes. */
const ROTATIONS_KEPT = 8;

interface Rotation {
  spent: string;
  next: Session;
}

let rotationsDb: Promise<IDBDatabase | null> | undefined;

/** This origin's record of recent rotations; null where IndexedDB is unavailable (the lock alone then). */
function openRotations(): Promise<IDBDatabase | null> {
  rotationsDb ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(ROTATIONS_DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(ROTATIONS);
      request.onsuccess = () => resolve(request.result);
      request.onerror = request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return rotationsDb;
}

/** The rotations this browser's tabs made, newest first ([] if the database went away meanwhile). */
function readRotations(db: IDBDatabase): Promise<Rotation[]> {
  return new Promise((resolve) => {
    try {
      const request = db.transaction(ROTATIONS).objectStore(ROTATIONS).get('recent');
      request.onsuccess = () => resolve((request.result as Rotation[] | undefined) ?? []);
      request.onerror = () => resolve([]);
    } catch {
      resolve([]);
    }
  });
}

/** Changes the rotations kept, resolving once the change is committed (or failed). */
async function writeRotations(change: (recent: Rotation[]) => Rotation[]) {
  const db = await openRotations();
  if (!db) return;
  const recent = change(await readRotations(db));
  await new Promise<void>((resolve) => {
    try {
      const transaction = db.transaction(ROTATIONS, 'readwrite');
      transaction.objectStore(ROTATIONS).put(recent, 'recent');
      transaction.oncomplete = transaction.onerror = transaction.onabort = () => resolve();
    } catch {
      resolve();
    }
  });
}

/** The newest session this browser holds: the stored one, or what its token was already exchanged for. */
async function newestSession(): Promise<Session | null> {
  const stored = readStoredSession();
  const db = stored && (await openRotations());
  if (!stored || !db) return stored;
  const recent = await readRotations(db);
  let newest: Session = stored;
  for (let hops = 0; hops < recent.length; hops++) {
    const token: string = newest.refreshToken;
    const rotation: Rotation | undefined = recent.find((r) => r.spent === token);
    if (!rotation) break;
    newest = rotation.next;
  }
  return newest;
}

/**
 * Runs `spend` with the newest session while holding the origin-wide refresh lock; whatever it returns is
 * stored, and a token it exchanged recorded, before the lock is released, so the next tab finds it.
 * Browsers without Web Locks (plain HTTP on a non-local host) fall back to this tab's own single flight.
 */
async function underRefreshLock(spend: (stored: Session | null) => Promise<Session | null>): Promise<Session | null> {
  const run = async () => {
    const stored = await newestSession();
    const next = await spend(stored);
    if (stored && next && next.refreshToken !== stored.refreshToken) {
      await writeRotations((recent) => [{ spent: stored.refreshToken, next }, ...recent].slice(0, ROTATIONS_KEPT));
    }
    if (next !== session) setSession(next);
    return next;
  };
  return navigator.locks ? await navigator.locks.request(REFRESH_LOCK, run) : run();
}

function refreshSession(current: Session): Promise<Session | null> {
  refreshing ??= underRefreshLock(async (stored) => {
    // Another tab signed out, or already refreshed while this one waited: follow it.
    if (!stored || stored.user.id !== current.user.id) return stored;
    if (stored.refreshToken !== current.refreshToken) return stored;
    try {
      const { refreshToken } = await post<{ refreshToken: AuthPayload }>(
        `mutation Refresh($token: String!) { refreshToken(refreshToken: $token) { ${AUTH_FIELDS} } }`,
        { token: stored.refreshToken },
        null,
      );
      return toSession(refreshToken);
    } catch (error) {
      // Only a refused refresh token ends the session; a network blip, a restarting gateway or a rate limit
      // keep it for the next try.
      return (error as ApiError).code === 'UNAUTHENTICATED' ? null : current;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const REFRESH_MARGIN_MS = 30_000;

/** Runs one operation as the signed-in viewer (or anonymously); throws ApiError on any error. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let current = session;
  if (current && current.expiresAt - Date.now() < REFRESH_MARGIN_MS) current = await refreshSession(current);
  try {
    return await post<T>(query, variables, current?.accessToken ?? null);
  } catch (error) {
    // The token was refused early (revoked, keys rotated): refresh once and retry.
    if (current && error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
      const renewed = await refreshSession(current);
      if (renewed && renewed !== current) return post<T>(query, variables, renewed.accessToken);
    }
    throw error;
  }
}

// --- identity ---------------------------------------------------------------------------------------------

export async function signIn(email: string, password: string): Promise<Session> {
  const { login } = await post<{ login: AuthPayload }>(
    `mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { ${AUTH_FIELDS} } }`,
    { email, password },
    null,
  );
  const next = toSession(login);
  setSession(next);
  return next;
}

export async function register(input: { email: string; password: string; displayName: string }): Promise<Session> {
  const { register: payload } = await post<{ register: AuthPayload }>(
    `mutation Register($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
    { input },
    null,
  );
  const next = toSession(payload);
  setSession(next);
  return next;
}

export async function signOut(): Promise<void> {
  const current = session;
  setSession(null);
  // Spent tokens and the sessions they led to are no use to anyone once signed out.
  await writeRotations(() => []);
  if (!current) return;
  // Ends the refresh-token family on the server; the short-lived access token simply expires.
  await post(`mutation SignOut($token: String!) { logout(refreshToken: $token) }`, { token: current.refreshToken }, null).catch(() => undefined);
}

/** Switches the session to one of the account's profiles: new tokens carrying its maturity limit. */
export async function selectProfile(profileId: string): Promise<Session> {
  // It spends the refresh token too, so it waits its turn with the other tabs' refreshes.
  let refused: unknown = null;
  const next = await underRefreshLock(async (stored) => {
    if (!stored) return null;
    try {
      const { selectProfile: payload } = await post<{ selectProfile: AuthPayload }>(
        `mutation SelectProfile($token: String!, $profileId: ID!) { selectProfile(refreshToken: $token, profileId: $profileId) { ${AUTH_FIELDS} } }`,
        { token: stored.refreshToken, profileId },
        null,
      );
      return toSession(payload);
    } catch (error) {
      refused = error;
      return stored;
    }
  });
  if (refused) throw refused;
  if (!next) throw new ApiError('Sign in first', { code: 'UNAUTHENTICATED' });
  return next;
}

export async function createProfile(name: string, maxMaturity: number): Promise<Profile> {
  const { createProfile: profile } = await gql<{ createProfile: Profile }>(
    `mutation CreateProfile($name: String!, $maxMaturity: Int!) { createProfile(name: $name, maxMaturity: $maxMaturity) { id name maxMaturity } }`,
    { name, maxMaturity },
  );
  if (session) setSession({ ...session, user: { ...session.user, profiles: [...session.user.profiles, profile] } });
  return profile;
}

// --- hooks ------------------------------------------------------------------------------------------------

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  /** Whether `data` answers the variables asked now (false while other variables' answer is on its way). */
  current: boolean;
  refetch: () => void;
}

/** Runs a query when mounted and again whenever its variables, the signed-in viewer or the profile change. */
export function useQuery<T>(query: string, variables: Record<string, unknown> = {}, options: { skip?: boolean } = {}): QueryState<T> {
  // Answers depend on who asks: the account (entitlements) and its profile (maturity limit).
  const current = useSession();
  const viewer = current ? `${current.user.id}:${current.profile?.id ?? ''}` : null;
  const key = JSON.stringify(variables);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean; answers?: string }>({
    data: null,
    error: null,
    loading: !options.skip,
  });

  useEffect(() => {
    if (options.skip) return;
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    gql<T>(query, JSON.parse(key) as Record<string, unknown>)
      .then((data) => live && setState({ data, error: null, loading: false, answers: key }))
      .catch((error: ApiError) => live && setState({ data: null, error, loading: false, answers: key }));
    return () => {
      live = false;
    };
  }, [query, key, viewer, generation, options.skip]);

  const refetch = useCallback(() => setGeneration((g) => g + 1), []);
  const { answers, ...answer } = state;
  return { ...answer, current: answers === key, refetch };
}

/** A random idempotency key; falls back to getRandomValues where randomUUID is missing (plain-HTTP origins). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Like `gql`, for operations whose variables are large (an uploaded guide): sent with XMLHttpRequest, the
 * one browser API that reports upload progress, as `onProgress(sent, total)`.
 */
export async function gqlUpload<T>(query: string, variables: Record<string, unknown>, onProgress: (sent: number, total: number) => void): Promise<T> {
  let current = session;
  if (current && current.expiresAt - Date.now() < REFRESH_MARGIN_MS) current = await refreshSession(current);
  const token = current?.accessToken ?? null;
  const response = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/graphql');
    request.setRequestHeader('content-type', 'application/json');
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    const body = operationBody(query, variables);
    // Progress events are the browser's to skip (a small body may be sent in one go): the start and the end are told regardless.
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : body.length);
    request.upload.onload = () => onProgress(body.length, body.length);
    request.onload = () => resolve({ status: request.status, text: request.responseText });
    request.onerror = () => reject(new ApiError('Cannot reach the service; check your connection', { code: 'NETWORK_ERROR' }));
    onProgress(0, body.length);
    request.send(body);
  });
  let body: GraphQLBody<T>;
  try {
    body = JSON.parse(response.text) as GraphQLBody<T>;
  } catch {
    throw new ApiError(`The service answered ${response.status}`, { code: 'BAD_RESPONSE' });
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions);
  if (!body.data) throw new ApiError('The service returned no data', { code: 'BAD_RESPONSE' });
  return body.data;
}
