import { PrismaPg } from '@prisma/adapter-pg';
import { setVariables } from './config';

/**
 * The driver adapter every service's Prisma client is built on. Each service lives in its own PostgreSQL
 * schema of the shared database, so the schema is set here rather than in the connection string.
 */
export function postgresAdapter(databaseUrl: string, schema: string, maxConnections = Number(setVariables().DATABASE_POOL_MAX ?? 5)) {
  return new PrismaPg({ connectionString: databaseUrl, max: maxConnections }, { schema });
}
