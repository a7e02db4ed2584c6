/** SQL statements a service has run so far, read from its `db_queries_total` counter on `/metrics`. */
export async function sqlStatements(serviceUrl: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', serviceUrl))).text();
  const count = /^db_queries_total\{[^}]*\} (\d+)/m.exec(text)?.[1];
  if (count === undefined) throw new Error(`${serviceUrl} exports no db_queries_total`);
  return Number(count);
}

/**
 * What one call of `action` costs a service in SQL statements, with the answers of each call. The counter
 * also counts the service's background work (outbox relay polls, sweeps), which can only add, so the fewest
 * over a few calls is the call's own; `action` must cost the same every time (warm what it caches first).
 */
export async function statementsPerCall<T>(serviceUrl: string, action: () => Promise<T>, calls = 3): Promise<{ answers: T[]; statements: number }> {
  const answers: T[] = [];
  const counts: number[] = [];
  for (let call = 0; call < calls; call++) {
    const before = await sqlStatements(serviceUrl);
    answers.push(await action());
    counts.push((await sqlStatements(serviceUrl)) - before);
  }
  return { answers, statements: Math.min(...counts) };
}
