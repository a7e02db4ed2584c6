/**
 * deploy/kubernetes rendered as the cluster would receive it (`kubectl kustomize`), every object checked
 * against the Kubernetes API schemas (kubernetes-models), and read like an operator would: what runs, how it
 * is probed, sized, scaled and disrupted, which pod may talk to which, and whether each container gets
 * every variable its service's config schema reads.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SUBGRAPHS as SUBGRAPH_SPECS } from '../../scripts/system';
import { loadConfig } from '../../packages/service-kit/src/config';
import { requireInternalToken } from '../../packages/service-kit/src/revocation';
import { loadRightsConfig } from '../../subgraphs/rights/src/config';
import { CONFIG_SCHEMAS as SCHEMAS } from '../support/config-schemas';

const ROOT = resolve(__dirname, '..', '..');

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; namespace?: string };
  data?: Record<string, string>;
  // Manifests are checked against the API schemas below; here they are read loosely.
  spec?: any;
}

/** `kubectl kustomize` on a copy of the tree, with the Secrets' example values standing in for the real ones. */
function render(overlay: string): K8sObject[] {
  const copy = mkdtempSync(join(tmpdir(), 'tvstream-kustomize-'));
  try {
    cpSync(resolve(ROOT, 'deploy', 'kubernetes'), copy, { recursive: true });
    const secrets = join(copy, 'production', 'secrets');
    for (const example of readdirSync(secrets).filter((f) => f.endsWith('.env.example')))
      cpSync(join(secrets, example), join(secrets, example.replace(/\.example$/, '')));
    const run = spawnSync('kubectl', ['kustomize', join(copy, overlay)], { encoding: 'utf8' });
    if (run.error) throw new Error(`kubectl is needed to render the manifests (Debian: apt-get install kubectl): ${run.error.message}`);
    expect(run.stderr).toBe('');
    return parseAllDocuments(run.stdout).map((doc) => doc.toJS() as K8sObject);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The kubernetes-models class for an object's apiVersion and kind (`apps/v1` Deployment → kubernetes-models/apps/v1). */
function validateAgainstApi(object: K8sObject) {
  // The module is named by the manifest's apiVersion, known only at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const group = require(`kubernetes-models/${object.apiVersion}`) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = group[object.kind];
  if (!Model) throw new Error(`no model for ${object.apiVersion} ${object.kind}`);
  // kustomize folds long base64 Secret values over lines; the API server's decoder skips line breaks, the
  // schema's "byte" format does not.
  const data =
    object.kind === 'Secret' && object.data ? Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, v.replace(/\n/g, '')])) : object.data;
  new Model({ ...object, data }).validate();
}

const SUBGRAPHS = SUBGRAPH_SPECS.map((s) => s.name);
// The gateway keeps no data: the base schema's DATABASE_URL is the one variable it never reads.
const NOT_READ: Record<string, string[]> = { gateway: ['DATABASE_URL'] };

const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const containerOf = (workload: K8sObject) => (workload.spec.template.spec.containers as any[])[0];

/** The environment a Deployment's container starts with: its ConfigMaps, Secrets (decoded) and own env. */
function containerEnvironment(objects: K8sObject[], workload: K8sObject): Record<string, string> {
  const container = containerOf(workload);
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, find(objects, 'ConfigMap', source.configMapRef.name)!.data);
    if (source.secretRef) {
      const secret = find(objects, 'Secret', source.secretRef.name)!;
      for (const [key, value] of Object.entries(secret.data ?? {})) env[key] = Buffer.from(value, 'base64').toString('utf8');
    }
  }
  for (const { name, value } of container.env ?? []) env[name] = value;
  return env;
}

describe.each(['base', 'production'])('deploy/kubernetes/%s', (overlay) => {
  const objects = render(overlay);

  test('every object is valid against the Kubernetes API schemas', () => {
    const invalid = objects.flatMap((object) => {
      try {
        validateAgainstApi(object);
        return [];
      } catch (error) {
        return [`${object.kind}/${object.metadata.name}: ${(error as Error).message}`];
      }
    });
    expect(invalid).toEqual([]);
  });

  test('a Deployment and a Service per subgraph, gateway and web; the indexer; the migration Job', () => {
    for (const name of [...SUBGRAPHS, 'gateway', 'web']) {
      expect({ name, deployment: !!find(objects, 'Deployment', name), service: !!find(objects, 'Service', name) }).toEqual({
        name,
        deployment: true,
        service: true,
      });
    }
    expect(containerOf(find(objects, 'Deployment', 'search-indexer')!).command).toEqual(['node', '--enable-source-maps', 'subgraphs/search/dist/indexer.js']);
    const job = find(objects, 'Job', 'tvstream-migrate')!;
    expect(job.metadata.annotations!['argocd.argoproj.io/hook']).toBe('PreSync');
  });

  test('every workload is probed on /healthz and /readyz, sized, runs unprivileged and has a disruption budget', () => {
    for (const workload of objects.filter((o) => o.kind === 'Deployment')) {
      const container = containerOf(workload);
      const name = workload.metadata.name;
      expect({ name, liveness: container.livenessProbe.httpGet.path, readiness: container.readinessProbe.httpGet.path }).toEqual({
        name,
        liveness: '/healthz',
        readiness: '/readyz',
      });
      expect({ name, requests: Object.keys(container.resources.requests).sort(), limits: Object.keys(container.resources.limits).sort() }).toEqual({
        name,
        requests: ['cpu', 'memory'],
        limits: ['cpu', 'memory'],
      });
      expect({
        name,
        nonRoot: workload.spec.template.spec.securityContext.runAsNonRoot,
        escalation: container.securityContext.allowPrivilegeEscalation,
      }).toEqual({ name, nonRoot: true, escalation: false });
      const budget = objects.find((o) => o.kind === 'PodDisruptionBudget' && o.spec.selector.matchLabels['app.kubernetes.io/name'] === name);
      expect({ name, budget: budget?.spec.minAvailable }).toEqual({ name, budget: 1 });
    }
  });

  test('rights serves the test streams its media init container packaged into a shared volume', () => {
    const spec = find(objects, 'Deployment', 'rights')!.spec.template.spec;
    const media = (spec.initContainers as any[]).find((c) => c.name === 'media');
    const written = media.volumeMounts.find((m: any) => m.mountPath === media.env.find((e: any) => e.name === 'MEDIA_DIR').value);
    const served = containerOf(find(objects, 'Deployment', 'rights')!).volumeMounts.find((m: any) => m.name === written.name);
    expect({
      image: media.image.split(':')[0].split('/').pop(),
      escalation: media.securityContext.allowPrivilegeEscalation,
      volume: spec.volumes.some((v: any) => v.name === written.name && v.emptyDir),
      servedFrom: served?.mountPath,
      readOnly: served?.readOnly,
    }).toEqual({ image: 'media', escalation: false, volume: true, servedFrom: written.mountPath, readOnly: true });
    if (overlay === 'production') expect(containerEnvironment(objects, find(objects, 'Deployment', 'rights')!).MEDIA_DIR).toBe(written.mountPath);
  });

  test('the gateway and every subgraph scale horizontally on CPU', () => {
    for (const name of [...SUBGRAPHS, 'gateway']) {
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === name);
      expect({ name, min: hpa?.spec.minReplicas >= 2, max: hpa?.spec.maxReplicas > hpa?.spec.minReplicas }).toEqual({ name, min: true, max: true });
    }
  });

  if (overlay === 'production') {
    test('/metrics is on METRICS_PORT, never beside an API: each scraped pod names that port, and Prometheus reaches it alone', () => {
      const scraped = objects.filter((o) => o.kind === 'Deployment' && o.spec.template.metadata.annotations?.['prometheus.io/scrape'] === 'true');
      expect(scraped.map((d) => d.metadata.name).sort()).toEqual([...SUBGRAPHS, 'gateway', 'search-indexer'].sort());
      const policy = find(objects, 'NetworkPolicy', 'metrics-from-prometheus')!;
      const prometheusPorts = (policy.spec.ingress as { ports: { port: number }[] }[]).flatMap((rule) => rule.ports.map((p) => p.port));
      for (const workload of scraped) {
        const name = workload.metadata.name;
        const metricsPort = Number(containerEnvironment(objects, workload).METRICS_PORT);
        const container = containerOf(workload);
        const apiPort = container.ports[0].containerPort as number;
        expect({ name, metricsPort: Number.isInteger(metricsPort) && metricsPort > 0, apart: metricsPort !== apiPort }).toEqual({
          name,
          metricsPort: true,
          apart: true,
        });
        expect({ name, annotation: workload.spec.template.metadata.annotations['prometheus.io/port'] }).toEqual({ name, annotation: String(metricsPort) });
        expect({ name, declared: (container.ports as { containerPort: number }[]).some((p) => p.containerPort === metricsPort) }).toEqual({
          name,
          declared: true,
        });
        expect({ name, prometheusPorts }).toEqual({ name, prometheusPorts: [metricsPort] });
      }
    });

    test('each container gets every variable its service’s config schema reads, and the production config loads', () => {
      expect(Object.keys(SCHEMAS)).toEqual(expect.arrayContaining([...SUBGRAPHS, 'gateway']));
      // Every service's gaps at once, so one run lists all that an operator must add.
      const missing = Object.fromEntries(
        Object.entries(SCHEMAS)
          .map(([name, schema]) => {
            const env = containerEnvironment(objects, find(objects, 'Deployment', name)!);
            return [name, Object.keys(schema.shape).filter((key) => !(key in env) && !(NOT_READ[name] ?? []).includes(key))] as const;
          })
          .filter(([, keys]) => keys.length > 0),
      );
      expect(missing).toEqual({});
      for (const [name, schema] of Object.entries(SCHEMAS)) {
        const env = containerEnvironment(objects, find(objects, 'Deployment', name)!);
        expect({ name, NODE_ENV: env.NODE_ENV }).toEqual({ name, NODE_ENV: 'production' });
        expect(() => loadConfig(schema, env)).not.toThrow();
      }
      expect(() => loadRightsConfig(containerEnvironment(objects, find(objects, 'Deployment', 'rights')!))).not.toThrow();
      expect(containerEnvironment(objects, find(objects, 'Deployment', 'identity')!).IDENTITY_SIGNING_KEYS).toBeTruthy();
    });

    test('every workload traces as Compose does, under its own service name', () => {
      const composed = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
        services: Record<string, { environment: Record<string, string> }>;
      };
      const otelKeys = (env: Record<string, string>) =>
        Object.keys(env)
          .filter((key) => key.startsWith('OTEL_'))
          .sort();
      const tracing = find(objects, 'ConfigMap', 'tvstream-tracing')!.data!;
      expect(tracing.OTEL_TRACES_EXPORTER).toBe('zipkin');
      expect(new URL(tracing.OTEL_EXPORTER_ZIPKIN_ENDPOINT).pathname).toBe('/api/v2/spans');
      for (const workload of objects.filter((o) => o.kind === 'Deployment')) {
        const name = workload.metadata.name;
        const env = containerEnvironment(objects, workload);
        expect({ name, service: env.OTEL_SERVICE_NAME, keys: otelKeys(env) }).toEqual({
          name,
          service: name,
          keys: otelKeys(composed.services[name].environment),
        });
        expect({ name, exporter: env.OTEL_TRACES_EXPORTER, endpoint: env.OTEL_EXPORTER_ZIPKIN_ENDPOINT }).toEqual({
          name,
          exporter: tracing.OTEL_TRACES_EXPORTER,
          endpoint: tracing.OTEL_EXPORTER_ZIPKIN_ENDPOINT,
        });
      }
    });

    test('every service gets INTERNAL_API_TOKEN from a Secret, the same one, and starts with it in production', () => {
      const fromSecret = (workload: K8sObject) =>
        (containerOf(workload).envFrom as any[])
          .filter((source) => source.secretRef)
          .map((source) => find(objects, 'Secret', source.secretRef.name)!)
          .find((secret) => secret.data && 'INTERNAL_API_TOKEN' in secret.data)?.metadata.name;
      const services = [...SUBGRAPHS, 'gateway', 'search-indexer'];
      const secrets = new Set(services.map((name) => fromSecret(find(objects, 'Deployment', name)!)));
      expect({ secrets: [...secrets] }).toEqual({ secrets: [expect.stringMatching(/^tvstream-internal/)] });
      for (const configMap of objects.filter((o) => o.kind === 'ConfigMap')) expect(Object.keys(configMap.data ?? {})).not.toContain('INTERNAL_API_TOKEN');
      for (const name of services) {
        const env = containerEnvironment(objects, find(objects, 'Deployment', name)!);
        expect(() => requireInternalToken(loadConfig(SCHEMAS[name], env) as any, name)).not.toThrow();
      }
    });

    test('each service logs in to PostgreSQL as its own role', () => {
      for (const name of SUBGRAPHS) {
        const url = new URL(containerEnvironment(objects, find(objects, 'Deployment', name)!).DATABASE_URL);
        expect({ name, user: url.username }).toEqual({ name, user: `tvstream_${name}` });
      }
    });

    test('network policies: only web is public, only the gateway reaches the subgraphs (beyond JWKS, content facts and posters)', () => {
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
      const labelsOf = (name: string) => find(objects, 'Deployment', name)!.spec.template.metadata.labels as Record<string, string>;
      const portOf = (name: string) => containerOf(find(objects, 'Deployment', name)!).ports[0].containerPort as number;
      const selects = (selector: any, labels: Record<string, string>) =>
        Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
        (selector.matchExpressions ?? []).every(
          (e: { key: string; operator: string; values: string[] }) => e.operator === 'In' && e.values.includes(labels[e.key]),
        );
      /** Whether a connection from `from` (a workload, or null for outside the namespace) to `to` is admitted. */
      const admitted = (from: string | null, to: string) => {
        const target = labelsOf(to);
        const port = portOf(to);
        return policies
          .filter((p) => selects(p.spec.podSelector, target))
          .some((p) =>
            (p.spec.ingress ?? []).some(
              (rule: any) =>
                (rule.ports ?? [{ port }]).some((p: { port: number }) => p.port === port) &&
                (!rule.from || (from !== null && rule.from.some((peer: any) => !peer.namespaceSelector && selects(peer.podSelector, labelsOf(from))))),
            ),
          );
      };
      expect(admitted(null, 'web')).toBe(true);
      for (const inner of ['gateway', ...SUBGRAPHS]) expect({ inner, fromOutside: admitted(null, inner) }).toEqual({ inner, fromOutside: false });
      expect(admitted('web', 'gateway')).toBe(true);
      for (const subgraph of SUBGRAPHS) {
        expect({
          subgraph,
          fromGateway: admitted('gateway', subgraph),
          fromWeb: admitted('web', subgraph),
          fromIndexer: admitted('search-indexer', subgraph),
        }).toEqual({
          subgraph,
          fromGateway: true,
          // Catalog's generated posters, which web serves from the browser's origin.
          fromWeb: subgraph === 'catalog',
          fromIndexer: false,
        });
      }
      expect(admitted('catalog', 'identity')).toBe(true);
      expect(admitted('rights', 'catalog')).toBe(true);
      expect(admitted('catalog', 'rights')).toBe(false);
      expect(admitted('search', 'live')).toBe(false);
    });
  }
});
