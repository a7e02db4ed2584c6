import { dirname, join } from 'node:path';
import express, { type Express } from 'express';

/**
 * GraphiQL served from the project's own node_modules (no CDN), so the playground works offline.
 * GraphiQL 3 ships a browser build that runs on React 18's UMD bundles.
 */
export function mountPlayground(app: Express, endpoint: string) {
  const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const assets = express.static;
  app.use('/playground/assets/graphiql', assets(pkgDir('graphiql'), { index: false }));
  app.use('/playground/assets/react', assets(join(pkgDir('react'), 'umd'), { index: false }));
  app.use('/playground/assets/react-dom', assets(join(pkgDir('react-dom'), 'umd'), { index: false }));
  app.get('/playground', (_req, res) => {
    res.type('html').send(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>tvstream GraphQL playground</title>
  <link rel="stylesheet" href="/playground/assets/graphiql/graphiql.min.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading the playground…</div>
  <script src="/playground/assets/react/react.production.min.js"></script>
  <script src="/playground/assets/react-dom/react-dom.production.min.js"></script>
  <script src="/playground/assets/graphiql/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    const root = ReactDOM.createRoot(document.getElementById('graphiql'));
    root.render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
  </script>
</body>
</html>`);
  });
}
