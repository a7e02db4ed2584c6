/**
 * GraphQL over node:http, without Express on the path: Apollo Server's integration API
 * (`executeHTTPGraphQLRequest`) behind a body reader that keeps what `express.json()` did — the body limit
 * (413), malformed or non-object JSON (400), unsupported charsets and encodings (415), gzip/deflate/br
 * bodies, no body for other content types — and answers those refusals as GraphQL errors, as the Express
 * error handler did. The rest of a service (probes, metrics, playground) stays on Express; only
 * `/graphql`, the route every client request takes, skips its router, request/response wrappers and
 * `res.send`'s ETag hashing.
 */
import type http from 'node:http';
import zlib from 'node:zlib';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import { isShuttingDown } from './lifecycle';

/** What `express.json({ limit })` accepted: a number of bytes, or `100kb`, `1mb`, `1.5 MB` (1024-based). */
export function byteLimit(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!match) throw new Error(`Not a size: ${limit}`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(match[1]) * unit);
}

/** A refused request: its HTTP status and the GraphQL error answered. */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const tooLarge = () => new HttpRefusal(413, 'PAYLOAD_TOO_LARGE', 'Request body too large');
const malformed = () => new HttpRefusal(400, 'BAD_REQUEST', 'Malformed request body');
const unsupported = () => new HttpRefusal(415, 'BAD_REQUEST', 'Malformed request body');

function decoder(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch (encoding) {
    case 'identity':
      return null;
    case 'gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      throw unsupported();
  }
}

/** The body's bytes, decoded, up to `limit`; past it the rest is read and dropped, so the connection stays usable. */
function readBytes(req: http.IncomingMessage, encoding: string, limit: number): Promise<Buffer> {
  const decoded = decoder(encoding);
  const stream = decoded ?? req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (refusal: HttpRefusal) => {
      if (settled) return;
      settled = true;
      if (decoded) {
        req.unpipe(decoded);
        decoded.destroy();
      }
      req.resume();
      reject(refusal);
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) return fail(tooLarge());
      chunks.push(chunk);
    });
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    stream.on('error', () => fail(malformed()));
    // A client that goes away mid-body.
    req.on('close', () => {
      if (!req.complete) fail(malformed());
    });
    if (decoded) {
      req.on('error', () => fail(malformed()));
      req.pipe(decoded);
    }
  });
}

/**
 * The request's JSON body, as `express.json({ limit })` read it: `undefined` without a body or when it is
 * not `application/json`; `{}` for an empty one; only objects and arrays (strict).
 */
export async function readJsonBody(req: http.IncomingMessage, limit: number): Promise<unknown> {
  const { headers } = req;
  const length = headers['content-length'];
  if (headers['transfer-encoding'] === undefined && (length === undefined || Number.isNaN(Number(length)))) return undefined;
  const contentType = headers['content-type'] ?? '';
  const semicolon = contentType.indexOf(';');
  if ((semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() !== 'application/json') return undefined;
  const charset = semicolon < 0 ? null : /charset\s*=\s*"?([^";\s]+)/i.exec(contentType.slice(semicolon))?.[1].toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw unsupported();
  const encoding = (headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity' && length !== undefined && Number(length) > limit) throw tooLarge();
  const text = (await readBytes(req, encoding, limit)).toString('utf8');
  if (text.length === 0) return {};
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw malformed();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformed();
  }
}

function sendErrors(res: http.ServerResponse, status: number, code: string, message: string) {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export interface GraphQLHandlerOptions<C extends BaseContext> {
  /** BODY_LIMIT. */
  bodyLimit: string | number;
  /** The request's context; a GraphQL error thrown here is answered with its `extensions.http` status. */
  context: (req: http.IncomingMessage) => Promise<C>;
  /** Looks at (and may rewrite) a request before Apollo Server does; a refusal is answered as it says. */
  admit?: (request: { method: string; body: unknown; search: string }) => HttpRefusal | null;
}

/** A node:http request handler for one Apollo Server's GraphQL endpoint. */
export function graphqlHandler<C extends BaseContext>(server: ApolloServer<C>, options: GraphQLHandlerOptions<C>) {
  server.assertStarted('graphqlHandler()');
  const limit = byteLimit(options.bodyLimit);
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    // While shutting down, every answer tells the caller not to reuse its connection (see createHttpApp).
    if (isShuttingDown()) res.setHeader('connection', 'close');
    // The server span is named for the route (`POST /graphql`), as Express's instrumentation named it.
    const rpc = getRPCMetadata(context.active());
    if (rpc?.type === RPCType.HTTP) rpc.route = '/graphql';
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const url = req.url ?? '/';
      const question = url.indexOf('?');
      const search = question < 0 ? '' : url.slice(question);
      const body = await readJsonBody(req, limit);
      const refusal = options.admit?.({ method, body, search });
      if (refusal) return sendErrors(res, refusal.status, refusal.code, refusal.message);
      // As Node keeps them (a repeated Authorization is dropped, not joined), as the Express integration passed them.
      const headers = new HeaderMap();
      const incoming = req.headers;
      for (const name in incoming) {
        const value = incoming[name];
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search, body };
      const answer = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => options.context(req) });
      res.statusCode = answer.status ?? 200;
      for (const [name, value] of answer.headers) res.setHeader(name, value);
      if (answer.body.kind === 'complete') {
        res.setHeader('content-length', Buffer.byteLength(answer.body.string));
        res.end(answer.body.string);
        return;
      }
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpRefusal) return sendErrors(res, error.status, error.code, error.message);
      sendErrors(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  };
}

/**
 * The Express stack `graphqlHandler` replaced (`express.json`, the admission step, `expressMiddleware`, the
 * error handler answering refusals as GraphQL errors): what its tests compare it with, and what a service
 * can still mount (the gateway's GATEWAY_HTTP=express) to measure both side by side.
 */
export function mountExpressGraphQL<C extends BaseContext>(app: express.Express, server: ApolloServer<C>, options: GraphQLHandlerOptions<C>) {
  const send = (res: express.Response, status: number, code: string, message: string) =>
    void res.status(status).json({ errors: [{ message, extensions: { code } }] });
  app.use(
    '/graphql',
    express.json({ limit: options.bodyLimit }),
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      const question = req.url.indexOf('?');
      const refusal = options.admit?.({ method: req.method, body: req.body, search: question < 0 ? '' : req.url.slice(question) });
      if (!refusal) return next();
      send(res, refusal.status, refusal.code, refusal.message);
    },
    expressMiddleware(server, { context: ({ req }) => options.context(req) }),
  );
  app.use((error: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!error?.status) return next(error);
    const refusal = error.type === 'entity.too.large' ? tooLarge() : malformed();
    send(res, error.status, refusal.code, refusal.message);
  });
}
