/**
 * The gateway's calls to its subgraphs on node:http directly: a Fetcher (what @apollo/gateway's data sources
 * call) that sends the body as one string on a keep-alive agent and reads the answer whole. node-fetch, used
 * before, built a Request, Headers and body streams per call and parsed the URL each time (its request
 * set-up and `url.parse` were about 7 % of the gateway's CPU per home). The answer is what node-fetch gave the
 * data source: status, headers read case-insensitively, the body as text or JSON, and the same errors
 * (`request to <url> failed, reason: …` with the system error's code, `invalid json response body at <url>`).
 */
import http from 'node:http';
import https from 'node:https';
import type { Fetcher, FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';

/** A received answer's headers, as Fetch's Headers reads them. */
class AnswerHeaders implements FetcherHeaders {
  private readonly known = new Map<string, string>();

  constructor(raw: http.IncomingHttpHeaders) {
    for (const name in raw) {
      const value = raw[name];
      if (value !== undefined) this.known.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }

  get(name: string) {
    return this.known.get(name.toLowerCase()) ?? null;
  }
  has(name: string) {
    return this.known.has(name.toLowerCase());
  }
  set(name: string, value: string) {
    this.known.set(name.toLowerCase(), value);
  }
  append(name: string, value: string) {
    const known = this.get(name);
    this.set(name, known === null ? value : `${known}, ${value}`);
  }
  delete(name: string) {
    this.known.delete(name.toLowerCase());
  }
  entries() {
    return this.known.entries();
  }
  keys() {
    return this.known.keys();
  }
  values() {
    return this.known.values();
  }
  [Symbol.iterator]() {
    return this.known.entries();
  }
}

class Answer implements FetcherResponse {
  bodyUsed = false;
  readonly redirected = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: FetcherHeaders,
    private readonly body: Buffer,
  ) {}

  get ok() {
    return this.status >= 200 && this.status < 300;
  }

  async text() {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }

  async json() {
    const text = await this.text();
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new Error(`invalid json response body at ${this.url} reason: ${(error as Error).message}`);
    }
  }

  async arrayBuffer() {
    this.bodyUsed = true;
    return this.body.buffer.slice(this.body.byteOffset, this.body.byteOffset + this.body.byteLength) as ArrayBuffer;
  }

  clone() {
    return new Answer(this.url, this.status, this.statusText, this.headers, this.body);
  }
}

interface Target {
  request: typeof http.request;
  options: http.RequestOptions;
}

/** A Fetcher on the given keep-alive agents (one per protocol). */
export function subgraphFetcher(agents: { http: http.Agent; https: https.Agent }): Fetcher {
  // A gateway calls a handful of subgraph URLs: each is parsed once.
  const targets = new Map<string, Target>();
  const targetOf = (url: string): Target => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      const secure = parsed.protocol === 'https:';
      target = {
        request: secure ? https.request : http.request,
        options: {
          protocol: parsed.protocol,
          hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
          port: parsed.port || (secure ? 443 : 80),
          path: `${parsed.pathname}${parsed.search}`,
          agent: secure ? agents.https : agents.http,
        },
      };
      targets.set(url, target);
    }
    return target;
  };
  return (url: string, init: FetcherRequestInit = {}) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const { request, options } = targetOf(url);
      const body = init.body ?? '';
      const failed = (error: Error & { code?: string }) =>
        reject(Object.assign(new Error(`request to ${url} failed, reason: ${error.message}`), { type: 'system', code: error.code, errno: error.code }));
      const call = request(
        { ...options, method: init.method ?? 'GET', headers: { ...init.headers, 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', failed);
          res.on('end', () =>
            resolve(
              new Answer(
                url,
                res.statusCode ?? 0,
                res.statusMessage ?? '',
                new AnswerHeaders(res.headers),
                chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
              ),
            ),
          );
        },
      );
      call.on('error', failed);
      call.end(body);
    });
}
