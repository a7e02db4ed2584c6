/**
 * The plain proxy (plain-proxy.ts) plus what this gateway does to every request before it can plan it: the
 * bearer token verified by service-kit's verifier (remembered per token, as the gateway remembers it) and the
 * session checked against the revocations (Redis, or identity's feed), a refused token answered 401. No
 * GraphQL at all: the floor for a gateway that authenticates here, as the plain proxy is for one that does not.
 */
import http from 'node:http';
import { authenticate, baseConfigSchema, createLogger, jwksTokenVerifier, loadConfig, redisFromConfig, tokenRevocations } from '@tvstream/service-kit';

const config = loadConfig(baseConfigSchema, process.env);
const log = createLogger('authenticating-proxy', config.LOG_LEVEL);
const verifyToken = jwksTokenVerifier(config);
const revocations = tokenRevocations(config, redisFromConfig(config), log, 'authenticating-proxy');
const subgraphs = JSON.parse(process.env.SUBGRAPH_URLS!) as Record<string, string>;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

http
  .createServer((req, res) => {
    const name = /^\/(\w+)\/graphql/.exec(req.url ?? '')?.[1] ?? 'identity';
    const target = subgraphs[name];
    if (!target) return void res.writeHead(404).end();
    // The body waits in the socket while the token is checked; piped once it passes.
    req.pause();
    authenticate(req.headers.authorization, verifyToken, revocations).then(
      () => {
        const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: new URL(target).host }, agent }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
      },
      (error: Error) => {
        log.warn({ error: error.message }, 'token refused');
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] }));
      },
    );
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
