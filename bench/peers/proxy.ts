import http from 'node:http';

/**
 * A plain Node HTTP reverse proxy on PORT that streams each request to one subgraph of SUBGRAPH_URLS and its
 * answer back (`/<subgraph>/graphql`, `/graphql` to identity), on a keep-alive agent. `admit`, when given,
 * sees each request first (its body waiting in the socket) and answers it itself when it returns false.
 */
export function serveProxy(admit?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<boolean>) {
  const subgraphs = JSON.parse(process.env.SUBGRAPH_URLS!) as Record<string, string>;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const forward = (req: http.IncomingMessage, res: http.ServerResponse, target: string) => {
    const upstream = http.request(target, { method: req.method, headers: { ...req.headers, host: new URL(target).host }, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  };
  http
    .createServer((req, res) => {
      const name = /^\/(\w+)\/graphql/.exec(req.url ?? '')?.[1] ?? 'identity';
      const target = subgraphs[name];
      if (!target) return void res.writeHead(404).end();
      if (!admit) return forward(req, res, target);
      req.pause();
      void admit(req, res).then((admitted) => admitted && forward(req, res, target));
    })
    .listen(Number(process.env.PORT), '127.0.0.1');
}
