/**
 * A query plan regrouped into stages, when that lets the gateway send fewer subgraph requests.
 *
 * @apollo/gateway's planner nests its fetches by the paths they hang from: the home reads the rails
 * from catalog then their titles' `entitled` from rights, and, beside that, the channels from live then the
 * channels' and the programmes' `entitled` from rights, three rights requests. Regrouped, each fetch runs in
 * the earliest stage after every fetch it waited for (its dependencies in the original plan), and the fetches
 * of a stage start together, so the gateway can send those of one subgraph as one request (fetch-batch.ts):
 * catalog and live first, then rights once.
 *
 * A fetch never starts before anything it waited for, so the answer is the same; a fetch may start later than
 * it did (the channels' `entitled` now also waits for catalog), which is why a plan is regrouped only when it
 * saves a request. Plans with conditions (@skip/@include on variables), @defer, subscriptions or mutations
 * (whose root fields run in order and are never merged) are left as they are.
 */
import type { ApolloGateway } from '@apollo/gateway';
import type { FetchNode, FlattenNode, PlanNode, QueryPlan, QueryPlanner } from '@apollo/query-planner';
import { OperationTypeNode } from 'graphql';

type Leaf = FetchNode | FlattenNode;

function fetchOf(leaf: Leaf): FetchNode {
  return leaf.kind === 'Fetch' ? leaf : (leaf.node as FetchNode);
}

/** Every fetch of the plan with the fetches it waits for, or null when the plan holds a node not handled here. */
function dependencies(node: PlanNode): Map<Leaf, Set<Leaf>> | null {
  const waits = new Map<Leaf, Set<Leaf>>();
  // Returns the fetches of `node`, each recorded as waiting for `before` (and whatever it waits for inside).
  const visit = (current: PlanNode, before: Set<Leaf>): Leaf[] | null => {
    switch (current.kind) {
      case 'Fetch':
      case 'Flatten': {
        const fetch = current.kind === 'Fetch' ? current : current.node;
        if (fetch.kind !== 'Fetch' || fetch.operationKind !== OperationTypeNode.QUERY || fetch.hasDefers || fetch.contextRewrites?.length) return null;
        waits.set(current, new Set(before));
        return [current];
      }
      case 'Parallel': {
        const leaves: Leaf[] = [];
        for (const child of current.nodes) {
          const found = visit(child, before);
          if (!found) return null;
          leaves.push(...found);
        }
        return leaves;
      }
      case 'Sequence': {
        const leaves: Leaf[] = [];
        const done = new Set(before);
        for (const child of current.nodes) {
          const found = visit(child, done);
          if (!found) return null;
          leaves.push(...found);
          found.forEach((leaf) => done.add(leaf));
        }
        return leaves;
      }
      default:
        return null;
    }
  };
  return visit(node, new Set()) ? waits : null;
}

/** Requests the gateway sends for `node` when it merges the fetches to one subgraph that start together. */
export function requestsOf(node: PlanNode | undefined): number {
  if (!node) return 0;
  switch (node.kind) {
    case 'Fetch':
    case 'Flatten':
      return 1;
    case 'Sequence':
      return node.nodes.reduce((sum, child) => sum + requestsOf(child), 0);
    case 'Parallel': {
      // Fetches directly under one Parallel start together; what sits deeper starts later.
      const services = new Set<string>();
      let deeper = 0;
      for (const child of node.nodes) {
        if (child.kind === 'Fetch' || child.kind === 'Flatten') services.add(fetchOf(child).serviceName);
        else deeper += requestsOf(child);
      }
      return services.size + deeper;
    }
    case 'Condition':
      return requestsOf(node.ifClause) + requestsOf(node.elseClause);
    case 'Defer':
      return requestsOf(node.primary.node) + node.deferred.reduce((sum, deferred) => sum + requestsOf(deferred.node), 0);
    default:
      return 0;
  }
}

/** The plan as stages of fetches that start together, or the plan itself when that saves no request. */
export function regroupIntoStages(plan: QueryPlan): QueryPlan {
  const node = plan.node;
  if (!node || node.kind === 'Subscription') return plan;
  const waits = dependencies(node);
  if (!waits || waits.size < 2) return plan;
  const stageOf = new Map<Leaf, number>();
  const stages: Leaf[][] = [];
  // Map order is the plan's order, and a fetch only waits for fetches visited before it.
  for (const [leaf, before] of waits) {
    const stage = before.size ? Math.max(...[...before].map((other) => stageOf.get(other)!)) + 1 : 0;
    stageOf.set(leaf, stage);
    (stages[stage] ??= []).push(leaf);
  }
  const staged: PlanNode = {
    kind: 'Sequence',
    nodes: stages.map((leaves) => (leaves.length === 1 ? leaves[0] : { kind: 'Parallel', nodes: leaves })),
  };
  return requestsOf(staged) < requestsOf(node) ? { ...plan, node: staged } : plan;
}

/** Makes `gateway` regroup every plan it builds (its planner is rebuilt on each supergraph it loads). */
export function regroupPlansOf(gateway: ApolloGateway) {
  gateway.onSchemaLoadOrUpdate(() => {
    // @apollo/gateway keeps its planner private; plans it builds are stored as returned here.
    const planner = (gateway as unknown as { queryPlanner?: QueryPlanner }).queryPlanner;
    if (!planner) return;
    const build = planner.buildQueryPlan.bind(planner);
    planner.buildQueryPlan = (...args) => regroupIntoStages(build(...args));
  });
}
