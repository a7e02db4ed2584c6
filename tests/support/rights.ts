import { randomUUID } from 'node:crypto';
import { gql, type Session } from './client';

/** Runs an operation and fails the test with the server's errors when it did not succeed. */
export async function must<D = Record<string, any>>(
  query: string,
  variables: Record<string, unknown>,
  token?: string,
  headers?: Record<string, string>,
): Promise<D> {
  const res = await gql<D>(query, variables, { token, headers });
  if (res.errors || !res.data) throw new Error(`${query.slice(0, 60)}… failed: ${JSON.stringify(res.errors)}`);
  return res.data;
}

export async function publishedMovie(editor: Session, input: Record<string, unknown> = {}): Promise<string> {
  const { createMovie } = await must<{ createMovie: { id: string } }>(
    `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
    { i: { title: `Rights movie ${randomUUID().slice(0, 8)}`, ...input } },
    editor.accessToken,
  );
  await must(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: createMovie.id }, editor.accessToken);
  return createMovie.id;
}

export async function createPackage(manager: Session, input: Record<string, unknown>): Promise<string> {
  const data = await must<{ createPackage: { id: string } }>(
    `mutation($i: PackageInput!) { createPackage(input: $i) { id } }`,
    { i: { name: `Package ${randomUUID().slice(0, 8)}`, ...input } },
    manager.accessToken,
  );
  return data.createPackage.id;
}

export async function createPlan(manager: Session, packageIds: string[], input: Record<string, unknown> = {}): Promise<string> {
  const data = await must<{ createPlan: { id: string } }>(
    `mutation($i: PlanInput!) { createPlan(input: $i) { id } }`,
    {
      i: {
        name: `Plan ${randomUUID().slice(0, 8)}`,
        price: { amount: 999, currency: 'EUR' },
        billingPeriod: 'MONTH',
        maxConcurrentStreams: 2,
        packageIds,
        ...input,
      },
    },
    manager.accessToken,
  );
  return data.createPlan.id;
}

export async function createOffer(manager: Session, contentId: string, input: Record<string, unknown> = {}): Promise<string> {
  const data = await must<{ createOffer: { id: string } }>(
    `mutation($i: OfferInput!) { createOffer(input: $i) { id } }`,
    { i: { contentId, kind: 'RENT', price: { amount: 399, currency: 'EUR' }, ...input } },
    manager.accessToken,
  );
  return data.createOffer.id;
}

export const SUBSCRIBE = `mutation($p: ID!, $k: String!, $c: String) { subscribe(planId: $p, idempotencyKey: $k, paymentCard: $c) { id status currentPeriodEnd } }`;
export const PURCHASE = `mutation($o: ID!, $k: String!, $c: String) { purchase(offerId: $o, idempotencyKey: $k, paymentCard: $c) { id kind expiresAt price { amount currency formatted } } }`;
export const START = `mutation($c: ID!) { startPlayback(contentId: $c) { id manifestUrl expiresAt heartbeatIntervalSeconds entitlement { source expiresAt } } }`;
export const STOP = `mutation($s: ID!) { stopPlayback(sessionId: $s) { id status } }`;

/** A test card that pays, as the simulated provider (like real ones) publishes it. */
export const CARD = '4242424242424242';

export const clockAt = (at: Date) => ({ 'x-clock-now': at.toISOString() });
export const key = () => randomUUID();
