import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEAD_LETTER_TOPIC, TOPIC_PARTITIONS, topicConfigs } from './topics';

/** Every `*_TOPIC = '…'` a subgraph's events module publishes to. */
function publishedTopics(): string[] {
  const subgraphs = resolve(__dirname, '..', '..', '..', '..', 'subgraphs');
  return readdirSync(subgraphs).flatMap((name) => {
    const events = join(subgraphs, name, 'src', 'events');
    let files: string[] = [];
    try {
      files = readdirSync(events).filter((f) => f.endsWith('.ts'));
    } catch {
      return [];
    }
    return files.flatMap((f) => [...readFileSync(join(events, f), 'utf8').matchAll(/_TOPIC = '([a-z.-]+)'/g)].map((m) => m[1]));
  });
}

describe('Kafka topics the project creates', () => {
  it('include every topic a subgraph publishes to (the producer creates none, so a missing one stalls its relay)', () => {
    const topics = publishedTopics();
    expect(topics.length).toBeGreaterThan(5);
    expect(topics.filter((t) => !(t in TOPIC_PARTITIONS))).toEqual([]);
  });

  const configs = topicConfigs('prod.', 3);
  const byName = new Map(configs.map((c) => [c.topic, c]));
  const policy = (topic: string) => byName.get(topic)!.configEntries!.find((e) => e.name === 'cleanup.policy')!.value;

  it("compacts every domain topic, so a replay from the beginning sees each entity's latest event", () => {
    for (const topic of Object.keys(TOPIC_PARTITIONS)) expect(policy(`prod.${topic}`)).toBe('compact');
  });

  it('gives busy domains several partitions and takes the replication factor from the configuration', () => {
    for (const topic of ['catalog.titles', 'live.programmes', 'rights.entitlements']) expect(byName.get(`prod.${topic}`)!.numPartitions).toBeGreaterThan(1);
    expect(configs.every((c) => c.replicationFactor === 3)).toBe(true);
  });

  it('keeps dead letters for a limited time instead of compacting them', () => {
    expect(policy(`prod.${DEAD_LETTER_TOPIC}`)).toBe('delete');
    expect(byName.get(`prod.${DEAD_LETTER_TOPIC}`)!.configEntries).toContainEqual({ name: 'retention.ms', value: String(7 * 24 * 3600 * 1000) });
  });
});
