/**
 * No gateway at all: a plain Node HTTP reverse proxy that streams each request to one subgraph and its answer
 * back (`/<subgraph>/graphql`, `/graphql` to identity), on a keep-alive agent. The cheapest hop Node can add
 * in front of a subgraph: what any gateway on this machine can at best reach against the subgraph directly.
 */
import http from 'node:http';

const subgraphs = JSON.parse(process.env.SUBGRAPH_URLS!) as Record<string, string>;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

http
  .createServer((req, res) => {
    const name = /^\/(\w+)\/graphql/.exec(req.url ?? '')?.[1] ?? 'identity';
    const target = subgraphs[name];
    if (!target) return void res.writeHead(404).end();
    const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: new URL(target).host }, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
