/**
 * The plain proxy (proxy.ts) plus what this gateway does to every request before it can plan it: the bearer
 * token verified by service-kit's verifier (remembered per token, as the gateway remembers it) and the session
 * checked against the revocations (Redis, or identity's feed), a refused token answered 401. No GraphQL at
 * all: the floor for a gateway that authenticates here, as the plain proxy is for one that does not.
 */
import { authenticate, baseConfigSchema, createLogger, jwksTokenVerifier, loadConfig, redisFromConfig, tokenRevocations } from '@tvstream/service-kit';
import { serveProxy } from './proxy';

const config = loadConfig(baseConfigSchema, process.env);
const log = createLogger('authenticating-proxy', config.LOG_LEVEL);
const verifyToken = jwksTokenVerifier(config);
const revocations = tokenRevocations(config, redisFromConfig(config), log, 'authenticating-proxy');

serveProxy((req, res) =>
  authenticate(req.headers.authorization, verifyToken, revocations).then(
    () => true,
    (error: Error) => {
      log.warn({ error: error.message }, 'token refused');
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] }));
      return false;
    },
  ),
);
