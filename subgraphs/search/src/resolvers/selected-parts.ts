import { collectSubFields } from '@graphql-tools/utils';
import type { FieldNode, GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { FACET_NAMES, type SearchParts } from '../domain/search-types';

/**
 * The parts of `search`'s answer that the query reads, through aliases, fragments and `@skip`/`@include`, so
 * the engine computes no highlights and no facets nobody asked for.
 */
export function selectedParts(info: GraphQLResolveInfo): SearchParts {
  const below = (typeName: string, nodes: readonly FieldNode[], fieldName: string): FieldNode[] => {
    if (!nodes.length) return [];
    const type = info.schema.getType(typeName) as GraphQLObjectType;
    const { fields } = collectSubFields(info.schema, info.fragments, info.variableValues, type, [...nodes]);
    // Keyed by response name: an aliased field is found by its name.
    return [...fields.values()].flat().filter((node) => node.name.value === fieldName);
  };
  const facets = below('SearchResults', info.fieldNodes, 'facets');
  const nodes = below('SearchHitEdge', below('SearchResults', info.fieldNodes, 'edges'), 'node');
  return {
    highlights: below('SearchHit', nodes, 'highlights').length > 0,
    facets: FACET_NAMES.filter((name) => below('SearchFacets', facets, name).length > 0),
  };
}
