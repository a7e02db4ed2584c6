/**
 * The home screen of issue 13, in one place for the benchmarks, the query-plan test and the integration
 * tests: four rails of titles with `entitled`, channels with now/next and `entitled`, signed in.
 */
export const HOME = `query Home {
  collections {
    id name kind
    titles(first: 20) { __typename id title releaseYear genres { slug name } artwork { kind url }
      ... on Movie { entitled } ... on Series { entitled } }
  }
  channels {
    id number name logoUrl entitled
    nowNext { now { id title start end entitled } next { id title start end } }
  }
}`;

/** The same screen for a viewer who has not signed in: nothing that depends on the viewer. */
export const ANONYMOUS_HOME = HOME.replace(/ entitled/g, '').replace(/\s*\.\.\. on Movie \{\s*\} \.\.\. on Series \{\s*\}/, '');
