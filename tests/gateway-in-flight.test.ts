import { gql, register, sessionWithRoles } from './support/client';
import { createChannel } from './support/live';
import { CARD, createPackage, createPlan, key, must, SUBSCRIBE } from './support/rights';

/**
 * The gateway sends identical anonymous subgraph fetches in flight together once (gateway/src/in-flight.ts);
 * fetches carrying a viewer's token are never merged.
 */
async function liveCalls(operation: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', process.env.SUBGRAPH_LIVE_URL))).text();
  const counts = [...text.matchAll(/^graphql_request_duration_seconds_count\{([^}]*)\} (\d+)/gm)];
  return counts.filter(([, labels]) => labels.includes(`operation="${operation}`)).reduce((sum, [, , n]) => sum + Number(n), 0);
}

test('a burst of identical anonymous requests reaches live fewer times than it has requests, each answered in full', async () => {
  const query = `query InFlightBurst { channels { id number name nowNext { now { id title } next { id title } } } }`;
  const alone = await gql(query);
  expect(alone.errors).toBeUndefined();
  const before = await liveCalls('InFlightBurst');
  const burst = 20;
  const answers = await Promise.all(Array.from({ length: burst }, () => gql(query)));
  for (const answer of answers) expect(answer).toEqual(alone);
  const calls = (await liveCalls('InFlightBurst')) - before;
  expect(calls).toBeGreaterThanOrEqual(1);
  expect(calls).toBeLessThan(burst);
});

test('viewers asking the same thing at the same moment each get their own `entitled`', async () => {
  const [editor, manager] = await Promise.all([sessionWithRoles(['EDITOR']), sessionWithRoles(['RIGHTS_MANAGER'])]);
  const created = await createChannel(editor.accessToken);
  const plan = await createPlan(manager, [await createPackage(manager, { channelIds: [created.id] })]);
  const [subscriber, other] = await Promise.all([register(), register()]);
  await must(SUBSCRIBE, { p: plan, k: key(), c: CARD }, subscriber.accessToken);
  const viewers = Array.from({ length: 10 }, (_, i) => (i % 2 ? other : subscriber));
  const answers = await Promise.all(viewers.map((v) => gql(`query InFlightViewers { channels { id entitled } }`, {}, { token: v.accessToken })));
  answers.forEach((answer, i) => {
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.channels.find((c: { id: string }) => c.id === created.id)).toEqual({ id: created.id, entitled: viewers[i] === subscriber });
  });
});
