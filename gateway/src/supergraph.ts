/**
 * The supergraph marks `@authenticated`, `@requiresScopes` and `@policy` as SECURITY features, which
 * @apollo/gateway refuses to load because it does not enforce them itself. This gateway does (see
 * `authorizationPlugin`, fed from the same supergraph), and the subgraphs enforce them again; the planner
 * gets the supergraph with those links no longer marked.
 */
export function supergraphForPlanner(supergraphSdl: string) {
  return supergraphSdl.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes|policy)\/v[\d.]+"), for: SECURITY\)/g, '$1)');
}
