/** The plan @apollo/gateway's planner makes for a document on the committed supergraph (for the plan tests). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { supergraphForPlanner } from './supergraph';

const supergraph = Supergraph.build(supergraphForPlanner(readFileSync(resolve(__dirname, '..', '..', 'supergraph.graphql'), 'utf8')));
const planner = new QueryPlanner(supergraph);

export function buildPlan(document: string): QueryPlan {
  return planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(document)));
}
