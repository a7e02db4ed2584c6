/**
 * Every port a test file opens or points at, as an offset from TEST_BASE_PORT (4100 unless set), each file in
 * a range of its own. In band a file meets another's ports only when something of it outlives it (a child
 * left running, a port not yet released); in CI's two workers, two files run side by side. Either way a
 * shared port makes one file talk to the other's process, so a new port is added here, clear of the rest.
 * A startSystem base `b` opens `b` (gateway) and `b + 1…5` (identity, catalog, live, rights, search) for the
 * services it starts, and the web app at `b − 1000` when it starts one.
 *
 * The machine's own services are not ours to move: with the default base, +122 is NATS (4222) and +269 is
 * Erlang's port mapper (4369, RabbitMQ's); nothing here may use those offsets. Nor may a port fetch refuses
 * to call (the Fetch standard's "bad ports": 4190 is +90 with the default base); startSystem refuses them.
 */
export const PORT_OFFSETS = {
  /** The suite's system (global-setup.ts): +0…+5, its web app at −1000. */
  suite: 0,
  /** search-faults.test.ts: a system of identity and catalog, +11…+12. */
  searchFaults: 10,
  /** shutdown.test.ts: identity, catalog and gateway, +20…+22. */
  shutdown: 20,
  /** session-revocation.test.ts: identity and gateway after losing their keys, +30…+31. */
  lostKeys: 30,
  /** session-revocation.test.ts: a gateway without Redis. */
  noRedisGateway: 40,
  /** production-mode.test.ts: a production gateway +50, and one service at a time on +51…+54. */
  productionMode: 50,
  /** payments.test.ts: a rights of its own. */
  payments: 60,
  /** metrics-labels.test.ts: its gateway's internal /metrics port. */
  metricsLabels: 64,
  /** register-refresh-limits.test.ts: identity and gateway, +70…+71. */
  registerRefreshLimits: 70,
  /** web-forwarded-for.test.ts: a web server in front of a recording gateway. */
  webForwardedFor: 76,
  /** Gateways of their own beside the suite's, one per file. */
  trustedDocumentsGateway: 80,
  publicCacheGateway: 81,
  clusteredGateway: 82,
  audienceCacheGateway: 83,
  unbatchedGateway: 84,
  persistedQueriesReplica: 85,
  /** compiled-system.test.ts: compiled identity and gateway, +92…+93 (+90 is 4190, a port fetch refuses). */
  compiledSystem: 92,
  /** Where nothing listens: a subgraph URL every call to which fails (rights-batching, rights-access-cache). */
  nowhere: 99,
  /**
   * deployment/compose-up.test.ts: the compose file's services on +100…+105 (their container port's last
   * digits), the search indexer on +115, each service's metrics on +140…+149, the web app at −900.
   */
  composeUp: 100,
  /** deployment/replicas.test.ts (unless TEST_REPLICA_BASE_PORT): two replicas and HAProxy, +200…+249. */
  replicas: 200,
  /** clean-start.test.ts: `npm start` on +300…+305, its web app +310, its embedded PostgreSQL +320. */
  cleanStart: 300,
} as const;

/** The port at `offset` (one of PORT_OFFSETS, plus a service's place in its range) in this run's block. */
export const testPort = (offset: number) => Number(process.env.TEST_BASE_PORT ?? 4100) + offset;
