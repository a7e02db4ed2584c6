/**
 * An embedded PostgreSQL for machines with none installed: PGlite (PostgreSQL compiled to WebAssembly)
 * served over the wire protocol, so services connect to it exactly as to a real server.
 *
 * One PGlite runs one session at a time: queries from several connections are interleaved, so two
 * connections' transactions would mix. Each service therefore gets its own instance and a pool of one
 * connection (DATABASE_POOL_MAX=1).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; host?: string }): Promise<EmbeddedPostgres> {
  mkdirSync(options.dataDir, { recursive: true });
  // pg_trgm: catalog's title index (its migration creates the extension, as on a real server). The contrib
  // modules' types are published for ESM only, hence the dynamic import.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const db = await PGlite.create(options.dataDir, { extensions: { pg_trgm } });
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db, port: options.port, host, maxConnections: 8 });
  await server.start();
  return {
    url: `postgresql://postgres@${host}:${options.port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

if (require.main === module) {
  const port = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329);
  startEmbeddedPostgres({ dataDir: process.env.EMBEDDED_POSTGRES_DIR ?? '.data/pglite/standalone', port }).then(
    (pg) => {
      console.log(`embedded PostgreSQL at ${pg.url}`);
      const stop = () => void pg.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
