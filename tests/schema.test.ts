import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isIntrospectionType, parse, type GraphQLNamedType } from 'graphql';
import { readAccessContract } from '@tvstream/service-kit';
import { composeSupergraph, readSupergraphConfig, SUPERGRAPH_SDL } from '../scripts/compose-supergraph';

const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);

describe('the published schema', () => {
  test('the subgraphs compose, and the committed supergraph.graphql is up to date', () => {
    expect(readFileSync(SUPERGRAPH_SDL, 'utf8')).toBe(composeSupergraph());
  });

  test('the committed resolver types are up to date with the schemas', async () => {
    // The codegen CLI's --check exits non-zero when a generated file would change.
    const { stdout } = await run(process.execPath, [resolve(ROOT, 'node_modules', '.bin', 'graphql-codegen'), '--config', 'codegen.ts', '--check'], {
      cwd: ROOT,
    });
    expect(stdout).not.toMatch(/would change|outdated/i);
  }, 60_000);

  const FEDERATION_TYPES = new Set([
    '_Service',
    '_Any',
    '_Entity',
    'link__Import',
    'link__Purpose',
    'federation__FieldSet',
    'federation__Scope',
    'federation__Policy',
    'federation__ContextFieldValue',
    'FieldSet',
    '_FieldSet',
  ]);

  test.each(Object.entries(readSupergraphConfig().subgraphs))('every public type, field and argument of %s has a description', (_name, subgraph) => {
    const schema = buildSubgraphSchema(parse(readFileSync(resolve(ROOT, subgraph.schema.file), 'utf8')));
    const missing: string[] = [];
    const isPublic = (t: GraphQLNamedType) => !isIntrospectionType(t) && !FEDERATION_TYPES.has(t.name) && !t.name.startsWith('__');
    for (const type of Object.values(schema.getTypeMap()).filter(isPublic)) {
      const root = ['Query', 'Mutation', 'Subscription'].includes(type.name);
      if (!root && !type.description && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (['_service', '_entities'].includes(field.name)) continue;
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          if ('args' in field) for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });

  test.each(Object.entries(readSupergraphConfig().subgraphs))('every field of %s says who may read or call it', (_name, subgraph) => {
    // An undeclared field is closed (deny by default); this names it, so a new field is opened on purpose.
    const contract = readAccessContract(parse(readFileSync(resolve(ROOT, subgraph.schema.file), 'utf8')));
    const undeclared = [...contract].flatMap(([type, fields]) => [...fields].filter(([, access]) => access.length === 0).map(([field]) => `${type}.${field}`));
    expect(undeclared).toEqual([]);
    expect(contract.size).toBeGreaterThan(3);
  });
});
