/**
 * The README's Configuration table is where an operator looks a setting up: every variable a service's config
 * schema reads is named in it (a `SUBGRAPH_<NAME>_URL` row names a family).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_SCHEMAS } from '../support/config-schemas';

/** The variables named in the first column of the README's Configuration table, patterns as expressions. */
function documentedVariables(): RegExp[] {
  const readme = readFileSync(resolve(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Configuration\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const names = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_<>]*)`/g)].map((m) => m[1]));
  return names.map((name) => new RegExp(`^${name.replace(/<[A-Z]+>/g, '[A-Z]+')}$`));
}

test('every variable a service reads is in the README’s configuration table', () => {
  const documented = documentedVariables();
  expect(documented.length).toBeGreaterThan(50);
  const read = new Set(Object.values(CONFIG_SCHEMAS).flatMap((schema) => Object.keys(schema.shape)));
  expect([...read].filter((name) => !documented.some((pattern) => pattern.test(name)))).toEqual([]);
});
