import { GraphQLError, Kind, visit, type ValidationContext } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { badInput } from './errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * Query-shape limits, enforced at validation time (before any resolver runs): depth, aliases, cost,
 * directives and tokens (tokens at parse time). The gateway and every subgraph apply the same limits.
 */
export function queryLimits() {
  // graphql-armor throws its refusals labelled "Syntax Error:"; reported as validation errors instead,
  // they are GRAPHQL_VALIDATION_FAILED and say what they are.
  const reportAsValidation = {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
    ],
  };
  const armor = new ApolloArmor({
    // Introspection is exempt: GraphiQL's own introspection query is 21 levels deep (and is off in production).
    maxDepth: { n: 15, ...reportAsValidation },
    // `__typename` counts too: graphql-armor exempts it by default, which lets one request repeat it without bound.
    maxAliases: { n: 30, allowList: [], ...reportAsValidation },
    // A type condition (`... on Movie`, a named fragment) is no level of nesting: counted flat, the five-rail
    // home and the web app's largest screen cost about 3,300 and 2,400, so twice either still passes.
    costLimit: { maxCost: 8000, flattenFragments: true, ...reportAsValidation },
    maxDirectives: { n: 50, ...reportAsValidation },
    // graphql-armor's token limit throws from a plugin hook, which Apollo answers with 500; graphql-js's own
    // parser limit (below) refuses the same document as a syntax error: 400 GRAPHQL_PARSE_FAILED.
    maxTokens: { enabled: false },
    // Field suggestions tell strangers the schema even when introspection is off.
    blockFieldSuggestion: { enabled: true },
  });
  const { plugins, validationRules } = armor.protect();
  // Above the alias and depth limits, so those refusals name their real cause; the body limit bounds the rest.
  return { plugins, validationRules, parseOptions: { maxTokens: 10000 } };
}

/** Where a NUL character hides in a variable's value, as a path like `input.titles.0.text`, or null. */
function nulCharacterAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulCharacterAt(item, `${path}.${i}`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulCharacterAt(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold the NUL character: a string carrying one would fail inside the database as an
 * internal error. It is refused up front as BAD_USER_INPUT naming the variable (or the literal).
 */
export function nulCharacterGuard(): ApolloServerPlugin {
  const refusal = (field?: string) => {
    const error = badInput('Text may not contain the NUL character', field ? [{ field, message: 'Remove the NUL (\\u0000) character' }] : []);
    return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, source }) {
          // JSON writes a NUL as the escape \u0000, so one native pass clears the usual request (a rights
          // `_entities` call carries a hundred representations); the walk that names the variable runs only then.
          if (request.variables && JSON.stringify(request.variables).includes('\\u0000')) {
            for (const [name, value] of Object.entries(request.variables)) {
              const at = nulCharacterAt(value, name);
              if (at) throw refusal(at);
            }
          }
          // A literal NUL is in the source as itself or as a \u escape.
          if (source && !source.includes('\u0000') && !source.includes('\\u')) return;
          let literal = false;
          visit(document, { [Kind.STRING]: (node) => void (literal ||= node.value.includes('\u0000')) });
          if (literal) throw refusal();
        },
      };
    },
  };
}
