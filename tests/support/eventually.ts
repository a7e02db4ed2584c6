/**
 * How a test waits on what another process does (a relay publishing, the indexer catching up, a service
 * draining): `check` is asked again every `everyMs` until it returns something other than `false`, `null` or
 * `undefined`, which is returned; past `timeoutMs` the wait fails, naming `what` it waited for. An error thrown
 * by `check` (a failed expectation) ends the wait at once. Never a fixed sleep: on a fast machine the wait is
 * short, on a busy one it is as long as it needs to be up to the bound.
 */
export async function eventually<T>(
  check: () => T | false | null | undefined | Promise<T | false | null | undefined>,
  timeoutMs = 30_000,
  what = 'the condition',
  everyMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false && value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
