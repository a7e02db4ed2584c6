import type { FetchNode, FlattenNode, PlanNode, QueryPlan } from '@apollo/query-planner';
import { OperationTypeNode } from 'graphql';
import { regroupIntoStages, requestsOf } from './plan-stages';
import { buildPlan } from './query-plan.test-support';
import { HOME } from '../../bench/home';

const fetch = (serviceName: string, operation = `{ ${serviceName} }`): FetchNode => ({
  kind: 'Fetch',
  serviceName,
  operation,
  operationName: undefined,
  operationKind: OperationTypeNode.QUERY,
});
const flatten = (path: string, service: string): FlattenNode => ({ kind: 'Flatten', path: path.split('.'), node: fetch(service, `{ ${path} }`) });
const seq = (...nodes: PlanNode[]): PlanNode => ({ kind: 'Sequence', nodes });
const par = (...nodes: PlanNode[]): PlanNode => ({ kind: 'Parallel', nodes });
const plan = (node: PlanNode): QueryPlan => ({ kind: 'QueryPlan', node });

/** The plan's stages, each as the services its fetches go to. */
function stages(node: PlanNode | undefined): string[][] {
  if (node?.kind !== 'Sequence') throw new Error('not staged');
  const service = (n: PlanNode) => (n.kind === 'Fetch' ? n.serviceName : n.kind === 'Flatten' ? (n.node as FetchNode).serviceName : '?');
  return node.nodes.map((stage) => (stage.kind === 'Parallel' ? stage.nodes.map(service) : [service(stage)]));
}

test("the issue's home becomes two stages: catalog and live, then rights once", () => {
  const original = buildPlan(HOME);
  // As planned: catalog, live, then rights for the titles, and rights for channels and programmes together.
  expect(requestsOf(original.node as PlanNode)).toBe(4);
  const regrouped = regroupIntoStages(original);
  expect(stages(regrouped.node as PlanNode)).toEqual([
    ['catalog', 'live'],
    ['rights', 'rights', 'rights'],
  ]);
  expect(requestsOf(regrouped.node as PlanNode)).toBe(3);
});

test('a fetch runs after everything it waited for, at the earliest such stage', () => {
  // a → (b → c) ∥ d, beside e → f: c waits for a and b; d and b for a; f for e.
  const original = plan(par(seq(fetch('a'), par(seq(flatten('b', 'x'), flatten('c', 'y')), flatten('d', 'y'))), seq(fetch('e'), flatten('f', 'x'))));
  const regrouped = regroupIntoStages(original);
  expect(stages(regrouped.node as PlanNode)).toEqual([['a', 'e'], ['x', 'y', 'x'], ['y']]);
  const paths = (regrouped.node as { nodes: PlanNode[] }).nodes.map((stage) =>
    (stage.kind === 'Parallel' ? stage.nodes : [stage]).map((n) => (n.kind === 'Flatten' ? n.path.join('.') : (n as FetchNode).operation)),
  );
  expect(paths).toEqual([['{ a }', '{ e }'], ['b', 'd', 'f'], ['c']]);
});

test('a plan regrouping saves nothing in is left as it is', () => {
  const chain = plan(seq(fetch('a'), flatten('b', 'x'), flatten('c', 'y')));
  expect(regroupIntoStages(chain)).toBe(chain);
  // Two fetches to the same subgraph that already start together.
  const together = plan(seq(fetch('a'), par(flatten('b', 'x'), flatten('c', 'x'))));
  expect(regroupIntoStages(together)).toBe(together);
  expect(requestsOf(together.node as PlanNode)).toBe(2);
});

test('plans with conditions, @defer or mutations are not regrouped', () => {
  const conditional = plan(
    par(seq(fetch('a'), flatten('b', 'x')), { kind: 'Condition', condition: 'v', ifClause: seq(fetch('c'), flatten('d', 'x')), elseClause: undefined }),
  );
  expect(regroupIntoStages(conditional)).toBe(conditional);
  const mutation = plan(par(seq(fetch('a'), flatten('b', 'x')), seq(fetch('c'), flatten('d', 'x'))));
  ((mutation.node as { nodes: PlanNode[] }).nodes[0] as { nodes: FetchNode[] }).nodes[0].operationKind = OperationTypeNode.MUTATION;
  expect(regroupIntoStages(mutation)).toBe(mutation);
  // The same shape as a query is regrouped.
  const query = plan(par(seq(fetch('a'), flatten('b', 'x')), seq(fetch('c'), flatten('d', 'x'))));
  expect(stages(regroupIntoStages(query).node as PlanNode)).toEqual([
    ['a', 'c'],
    ['x', 'x'],
  ]);
});
