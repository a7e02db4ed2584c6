import type { RunningSystem } from '../../scripts/system';

export default async function globalTeardown() {
  const system = (globalThis as Record<string, unknown>).__TVSTREAM_SYSTEM__ as RunningSystem | undefined;
  await system?.stop();
  // This run's search indices (the prefix is the run's own; other runs' indices are left alone).
  const { TEST_OPENSEARCH_URL: url, TEST_OPENSEARCH_INDEX_PREFIX: prefix } = process.env;
  if (url && prefix) await fetch(`${url}/${prefix}*`, { method: 'DELETE' }).catch(() => undefined);
}
