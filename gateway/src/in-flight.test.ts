import { InFlightFetches } from './in-flight';

/** A fetch whose answer arrives when the test says so. */
function deferred() {
  let resolve!: (value: { data: { channels: { id: string }[] } }) => void;
  const promise = new Promise<{ data: { channels: { id: string }[] } }>((r) => (resolve = r));
  return { promise, resolve };
}

test('identical fetches in flight together are sent once, and each caller gets its own copy', async () => {
  const fetches = new InFlightFetches<{ data: { channels: { id: string }[] } }>();
  const answer = deferred();
  let sent = 0;
  const send = () => {
    sent++;
    return answer.promise;
  };
  const first = fetches.share('live:{channels{id}}', send);
  const second = fetches.share('live:{channels{id}}', send);
  answer.resolve({ data: { channels: [{ id: 'c1' }] } });
  const [a, b] = await Promise.all([first, second]);
  expect(sent).toBe(1);
  expect(a).toEqual(b);
  a.data.channels[0].id = 'changed by the first caller';
  expect(b.data.channels[0].id).toBe('c1');
});

test('a fetch after the answer arrived, or with another key, is sent again', async () => {
  const fetches = new InFlightFetches<{ data: number }>();
  let sent = 0;
  const send = async () => ({ data: ++sent });
  await fetches.share('a', send);
  expect(fetches.size).toBe(0);
  await Promise.all([fetches.share('a', send), fetches.share('b', send)]);
  expect(sent).toBe(3);
});

test('a failed fetch fails every caller that shared it, and the next one is sent afresh', async () => {
  const fetches = new InFlightFetches<{ data: number }>();
  let sent = 0;
  const failing = () => {
    sent++;
    return Promise.reject(new Error('subgraph down'));
  };
  const results = await Promise.allSettled([fetches.share('a', failing), fetches.share('a', failing)]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect(sent).toBe(1);
  expect(await fetches.share('a', async () => ({ data: 7 }))).toEqual({ data: 7 });
});
