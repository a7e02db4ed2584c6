/**
 * Identical subgraph fetches that carry no viewer credentials, in flight at the same moment, are sent once:
 * an anonymous home screen asked by many clients at once costs each subgraph one call per burst. Only
 * fetches without a token are merged, so nothing that depends on a viewer (`entitled`, `me`) is ever shared;
 * the key holds everything else a subgraph reads (document, variables, Accept-Language, the test clock). Each
 * caller gets its own copy of the answer, since the gateway merges later fetches into it.
 */
export class InFlightFetches<T extends { data?: unknown; errors?: unknown; extensions?: unknown }> {
  private readonly pending = new Map<string, { answer: Promise<T>; callers: number }>();

  async share(key: string, send: () => Promise<T>): Promise<T> {
    let entry = this.pending.get(key);
    if (entry) entry.callers++;
    else {
      entry = { answer: send().finally(() => this.pending.delete(key)), callers: 1 };
      this.pending.set(key, entry);
    }
    const response = await entry.answer;
    // Once the answer is here nobody else can join, so a fetch nobody shared needs no copy.
    if (entry.callers === 1) return response;
    return { ...response, data: structuredClone(response.data), errors: structuredClone(response.errors), extensions: structuredClone(response.extensions) };
  }

  /** Fetches being sent now (for tests and metrics). */
  get size() {
    return this.pending.size;
  }
}
