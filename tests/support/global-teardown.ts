import type { RunningSystem } from '../../scripts/system';

export default async function globalTeardown() {
  const system = (globalThis as Record<string, unknown>).__TVSTREAM_SYSTEM__ as RunningSystem | undefined;
  await system?.stop();
}
