import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import { HOME } from '../../bench/home';
import { buildPlan } from './query-plan.test-support';

/**
 * How many times the gateway's plan (the same planner @apollo/gateway runs) calls each subgraph for the
 * home screens: a fetch more is a round trip more, and one more holdings read in rights.
 */
function fetchesPerService(document: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const visit = (node: PlanNode | QueryPlan['node'] | undefined): void => {
    if (!node) return;
    switch (node.kind) {
      case 'Fetch':
        counts[node.serviceName] = (counts[node.serviceName] ?? 0) + 1;
        return;
      case 'Flatten':
        return visit(node.node);
      case 'Sequence':
      case 'Parallel':
        return node.nodes.forEach(visit);
      case 'Condition':
        visit(node.ifClause);
        return visit(node.elseClause);
      default:
        throw new Error(`unexpected plan node ${node.kind}`);
    }
  };
  visit(buildPlan(document).node);
  return counts;
}

test("the issue's home reaches catalog and live once each, and rights once per path that asks it", () => {
  // @apollo/gateway's planner does not merge entity fetches found at different paths: the rails' titles
  // (after catalog), the channels and the programmes under nowNext (after live). The facts rights needs
  // travel with each reference (@requires), so none of the three calls back into catalog or live.
  expect(fetchesPerService(HOME)).toEqual({ catalog: 1, live: 1, rights: 3 });
});

test('titles and channels alone reach rights once each', () => {
  expect(fetchesPerService(`{ collections { titles(first: 20) { id ... on Movie { entitled } } } }`)).toEqual({ catalog: 1, rights: 1 });
  expect(fetchesPerService(`{ channels { id entitled nowNext { now { id } } } }`)).toEqual({ live: 1, rights: 1 });
});

test("the web app's home page is answered by catalog alone", () => {
  const manifest = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'web', 'src', 'generated', 'persisted-documents.json'), 'utf8')) as Record<
    string,
    string
  >;
  const home = Object.values(manifest).find((text) => text.startsWith('query Home '))!;
  expect(fetchesPerService(home)).toEqual({ catalog: 1 });
});
