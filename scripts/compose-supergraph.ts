/**
 * Composes the supergraph from supergraph.yaml with Apollo's composition library (what Rover runs).
 *   tsx scripts/compose-supergraph.ts          writes supergraph.graphql
 *   tsx scripts/compose-supergraph.ts --check  fails when supergraph.graphql is stale or composition breaks
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';

const ROOT = resolve(__dirname, '..');
export const SUPERGRAPH_CONFIG = resolve(ROOT, 'supergraph.yaml');
export const SUPERGRAPH_SDL = resolve(ROOT, 'supergraph.graphql');

interface SupergraphConfig {
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

export function readSupergraphConfig(): SupergraphConfig {
  return parseYaml(readFileSync(SUPERGRAPH_CONFIG, 'utf8')) as SupergraphConfig;
}

export function composeSupergraph(): string {
  const config = readSupergraphConfig();
  const services = Object.entries(config.subgraphs).map(([name, subgraph]) => ({
    name,
    url: subgraph.routing_url,
    typeDefs: parse(readFileSync(resolve(dirname(SUPERGRAPH_CONFIG), subgraph.schema.file), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors?.length) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl!;
}

if (require.main === module) {
  const sdl = composeSupergraph();
  if (process.argv.includes('--check')) {
    const current = existsSync(SUPERGRAPH_SDL) ? readFileSync(SUPERGRAPH_SDL, 'utf8') : '';
    if (current !== sdl) {
      console.error('supergraph.graphql is stale: run `npm run compose` and commit the result');
      process.exit(1);
    }
    console.log('supergraph.graphql is up to date');
  } else {
    writeFileSync(SUPERGRAPH_SDL, sdl);
    console.log(`wrote ${SUPERGRAPH_SDL}`);
  }
}
