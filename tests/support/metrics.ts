/** SQL statements a service has run so far, read from its `db_queries_total` counter on `/metrics`. */
export async function sqlStatements(serviceUrl: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', serviceUrl))).text();
  const count = /^db_queries_total\{[^}]*\} (\d+)/m.exec(text)?.[1];
  if (count === undefined) throw new Error(`${serviceUrl} exports no db_queries_total`);
  return Number(count);
}
