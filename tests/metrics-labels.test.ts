import { loadGatewayConfig } from '../gateway/src/config';
import { startGateway } from '../gateway/src/index';
import { MAX_OPERATION_LABELS, type RunningService } from '@tvstream/service-kit';
import { gql } from './support/client';
import { PORT_OFFSETS, testPort } from './support/ports';

/** A gateway of this test's own, with /metrics moved to an internal port (METRICS_PORT). */
const METRICS_PORT = testPort(PORT_OFFSETS.metricsLabels);
let gateway: RunningService;

beforeAll(async () => {
  gateway = await startGateway(
    loadGatewayConfig({ ...process.env, GATEWAY_PORT: '0', METRICS_PORT: String(METRICS_PORT), LOG_LEVEL: 'silent', PLAYGROUND: 'off' }),
  );
});
afterAll(() => gateway.stop());

const metricsText = async () => (await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`)).text();

test('with METRICS_PORT, /metrics answers only on the internal port', async () => {
  expect((await fetch(new URL('/metrics', gateway.url))).status).toBe(404);
  expect(await metricsText()).toContain('graphql_request_duration_seconds');
});

test('operation names chosen by clients never grow the metrics without bound', async () => {
  for (let i = 0; i < MAX_OPERATION_LABELS + 50; i++) {
    const res = await gql(`query Probe${i} { __typename }`, {}, { url: gateway.url });
    expect(res.errors).toBeUndefined();
  }
  const labels = new Set([...(await metricsText()).matchAll(/graphql_request_duration_seconds_count\{[^}]*operation="([^"]+)"/g)].map((m) => m[1]));
  expect(labels.size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 2);
  expect(labels).toContain('other');
  expect(labels).toContain('Probe0');
});
