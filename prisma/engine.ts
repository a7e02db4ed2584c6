/**
 * Prisma's schema engine, loaded from its WebAssembly build and driven through a driver adapter.
 * Prisma 7's CLI wants to download a native engine binary for migrations; this needs nothing but npm.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const CATALOG_TEXT_TYPES = new Set([18 /* "char" */, 19 /* name */]);
const TEXT_OID = 25;

/**
 * The engine's connections: each starts with the service's schema on its search path (the `options`
 * startup parameter is not honoured by every server, PGlite among them), and reports the catalogs'
 * `"char"` and `name` columns as text, which the 7.10 adapter cannot map.
 */
function migrationClient(schema: string) {
  return class MigrationClient extends pg.Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: (error: Error | null) => void): void;
    override connect(callback?: (error: Error | null) => void): Promise<pg.Client> | undefined {
      const ready = (async () => {
        await super.connect();
        await super.query(`SET search_path TO "${schema}"`);
        return this;
      })();
      if (!callback) return ready;
      ready.then(
        () => callback(null),
        (error: unknown) => callback(error as Error),
      );
    }

    // pg.Client's query has a dozen overloads (promise, callback, submittable); one override can only meet them all untyped.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: unknown[]): any {
      const retype = (res: pg.QueryResult | undefined) => {
        for (const field of res?.fields ?? []) if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
        return res;
      };
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        const done = callback as (error: Error | null, res?: pg.QueryResult) => void;
        args[args.length - 1] = (error: Error | null, res?: pg.QueryResult) => done(error, retype(res));
      }
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      return result instanceof Promise ? result.then(retype) : result;
    }
  };
}

export interface SchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  devDiagnostic(input: unknown): Promise<unknown>;
  createMigration(input: unknown): Promise<unknown>;
  diff(input: unknown): Promise<{ exitCode: number; stdout?: string }>;
  free(): void;
}

interface EngineModule {
  SchemaEngine: { new: (options: object, log: (message: string) => void, adapter: object) => Promise<SchemaEngine> };
}

let enginePromise: Promise<EngineModule> | undefined;

async function loadEngineModule(): Promise<EngineModule> {
  const pkgDir = dirname(require.resolve('@prisma/schema-engine-wasm'));
  // A panic inside the engine reports through this registry; without it the real message is lost.
  (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY ??= {
    message: '',
    set_message(this: { message: string }, message: string) {
      this.message = message;
    },
  };
  const glue = (await import(join(pkgDir, 'schema_engine_bg.js'))) as Record<string, unknown> &
    EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
  const { instance } = await WebAssembly.instantiate(readFileSync(join(pkgDir, 'schema_engine_bg.wasm')), {
    './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export interface EngineTarget {
  /** Connection string of the database to migrate. */
  url: string;
  /** PostgreSQL schema the service owns. */
  schema: string;
  /** Connection string of an empty scratch database (needed by create and check). */
  shadowUrl?: string;
  /** The Prisma schema: [path, contents]. */
  datamodel: [string, string];
}

/**
 * Wraps PrismaPg for three gaps met on 7.10.0: a shadow database given by connection string (the adapter
 * connected to the main one instead), scripts with `;` inside dollar-quoted bodies (sent whole), and the
 * `"char"`/`name` column types of the catalogs the engine reads (reported as text).
 */
function migrationAdapter(target: EngineTarget) {
  const adapterFor = (connectionString: string) =>
    new PrismaPg(
      { connectionString, max: 1, idleTimeoutMillis: 200, allowExitOnIdle: true, Client: migrationClient(target.schema) },
      {
        schema: target.schema,
      },
    );
  const main = adapterFor(target.url);
  const shadow = target.shadowUrl ? adapterFor(target.shadowUrl) : null;
  const patch = async <T extends { executeScript(script: string): Promise<void>; executeRaw(q: object): Promise<number> }>(adapter: T) => {
    adapter.executeScript = async (script: string) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    };
    return adapter;
  };
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => patch(await main.connect()),
    connectToShadowDb: async () => {
      if (!shadow) throw new Error('This command needs a shadow database');
      return patch(await shadow.connect());
    },
  };
}

export async function withEngine<T>(target: EngineTarget, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  enginePromise ??= loadEngineModule();
  const { SchemaEngine } = await enginePromise;
  const logs: string[] = [];
  const engine = await SchemaEngine.new(
    { datamodels: [target.datamodel] },
    (message: string) => logs.push(message),
    bindMigrationAwareSqlAdapterFactory(migrationAdapter(target) as never),
  );
  try {
    return await run(engine);
  } catch (error) {
    const panic = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message: string } }).PRISMA_WASM_PANIC_REGISTRY?.message;
    throw new Error(`${error instanceof Error ? error.message : String(error)}${panic ? `\n${panic}` : ''}`);
  } finally {
    engine.free();
  }
}
