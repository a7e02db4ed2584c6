import {
  GraphQLError,
  getNamedType,
  isAbstractType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ConstDirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Viewer } from './auth';

/**
 * Who may read or call each field is declared on the contract (schema.graphql) with Federation's
 * `@authenticated`, `@requiresScopes` (the scopes are roles) and `@policy` (owner rules that need the data),
 * plus this project's `@public`. A declaration on a type holds for every field of it; a field's own
 * declaration adds to its type's. A field declared nowhere is closed. The subgraphs build their
 * graphql-shield rules from these declarations, and the gateway reads the same declarations from the
 * composed supergraph to refuse an operation before planning it.
 */
export type AccessClause =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  /** One of the role sets, each held whole. */
  | { kind: 'scopes'; anyOf: string[][] }
  /** One of the policy sets, each passed whole; evaluated by the owning subgraph with the data. */
  | { kind: 'policy'; anyOf: string[][] };

/** Every clause must hold; no clause at all means the field was never opened. */
export type FieldAccess = AccessClause[];

/** `Type` → `field` → what the caller needs. */
export type AccessContract = Map<string, Map<string, FieldAccess>>;

const stringLists = (value: ValueNode | undefined): string[][] =>
  value?.kind === Kind.LIST
    ? value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : []))
    : [];

function clausesOf(directives: readonly ConstDirectiveNode[] | undefined): AccessClause[] {
  const clauses: AccessClause[] = [];
  for (const directive of directives ?? []) {
    const argument = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
    switch (directive.name.value) {
      case 'public':
        clauses.push({ kind: 'public' });
        break;
      case 'authenticated':
        clauses.push({ kind: 'authenticated' });
        break;
      case 'requiresScopes':
        clauses.push({ kind: 'scopes', anyOf: stringLists(argument('scopes')) });
        break;
      case 'policy':
        clauses.push({ kind: 'policy', anyOf: stringLists(argument('policies')) });
        break;
    }
  }
  return clauses;
}

/** Reads the declarations of every object and interface type of a subgraph schema or a supergraph. */
export function readAccessContract(document: DocumentNode): AccessContract {
  const contract: AccessContract = new Map();
  const typeClauses = new Map<string, AccessClause[]>();
  const fieldClauses = new Map<string, Map<string, AccessClause[]>>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    const type = definition.name.value;
    typeClauses.set(type, [...(typeClauses.get(type) ?? []), ...clausesOf(definition.directives)]);
    const fields = fieldClauses.get(type) ?? new Map<string, AccessClause[]>();
    for (const field of definition.fields ?? []) {
      fields.set(field.name.value, [...(fields.get(field.name.value) ?? []), ...clausesOf(field.directives)]);
    }
    fieldClauses.set(type, fields);
  }
  for (const [type, fields] of fieldClauses) {
    const ofType = typeClauses.get(type) ?? [];
    contract.set(type, new Map([...fields].map(([field, clauses]) => [field, [...ofType, ...clauses]])));
  }
  return contract;
}

/** The caller's scopes are its roles. */
export const scopesHeld = (viewer: Viewer | null, anyOf: string[][]) =>
  !!viewer && anyOf.some((all) => all.every((scope) => (viewer.roles as string[]).includes(scope)));

export const describeScopes = (anyOf: string[][]) => anyOf.map((all) => all.join(' and ')).join(' or ');

/**
 * What the caller lacks for a field, judged from the request alone (the gateway's check): null when
 * nothing, else the refusal. Policies need the data, so they are left to the owning subgraph.
 */
export function refusalFor(access: FieldAccess | undefined, viewer: Viewer | null): 'UNAUTHENTICATED' | 'FORBIDDEN' | null {
  if (!access || access.length === 0) return 'FORBIDDEN';
  for (const clause of access) {
    if (clause.kind === 'authenticated' && !viewer) return 'UNAUTHENTICATED';
    if (clause.kind === 'scopes' && !scopesHeld(viewer, clause.anyOf)) return viewer ? 'FORBIDDEN' : 'UNAUTHENTICATED';
  }
  return null;
}

type ResponsePath = (string | number)[];

/**
 * Walks an operation against the schema and returns the first field the caller may not have (with its
 * response path and every refused path), or null. For a field selected on an interface, the declarations
 * of the interface and of every implementation hold, since any of them may answer.
 */
export function refuseOperation(
  schema: GraphQLSchema,
  contract: AccessContract,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  viewer: Viewer | null,
): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const refused: { path: ResponsePath; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; field: string }[] = [];

  const declaringTypes = (type: GraphQLCompositeType): string[] =>
    isAbstractType(type) ? [type.name, ...schema.getPossibleTypes(type).map((t) => t.name)] : [type.name];

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, path: ResponsePath, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (condition && (isObjectType(condition) || isAbstractType(condition))) walk(selection.selectionSet, condition, path, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        if (condition && (isObjectType(condition) || isAbstractType(condition))) {
          walk(fragment.selectionSet, condition, path, new Set([...seen, fragment.name.value]));
        }
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const fieldPath = [...path, selection.alias?.value ?? name];
      const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!definition) continue;
      for (const typeName of declaringTypes(parent)) {
        const declared = contract.get(typeName);
        if (typeName !== parent.name && !declared?.has(name)) continue;
        const code = refusalFor(declared?.get(name), viewer);
        if (code) {
          refused.push({ path: fieldPath, code, field: `${typeName}.${name}` });
          break;
        }
      }
      const named = getNamedType(definition.type);
      if (selection.selectionSet && (isObjectType(named) || isAbstractType(named))) walk(selection.selectionSet, named, fieldPath, seen);
    }
  };

  const root = schema.getRootType(operation.operation);
  if (!root) return null;
  walk(operation.selectionSet, root, [], new Set());
  if (refused.length === 0) return null;
  const first = refused.find((r) => r.code === 'UNAUTHENTICATED') ?? refused[0];
  return new GraphQLError(
    first.code === 'UNAUTHENTICATED'
      ? `Authentication required for ${first.field} (at ${first.path.join('.')})`
      : `Not allowed to use ${first.field} (at ${first.path.join('.')})`,
    {
      path: first.path,
      extensions: { code: first.code, refusedFields: refused.map((r) => ({ path: r.path, field: r.field, code: r.code })) },
    },
  );
}

/**
 * The gateway's check: an operation selecting a field the caller may not have is refused whole, before it
 * is planned or any subgraph is called (401 for UNAUTHENTICATED, 403 for FORBIDDEN).
 */
export function authorizationPlugin<C extends { viewer: Viewer | null }>(contract: AccessContract): ApolloServerPlugin<C> {
  // A verdict depends on the schema, the operation and, of the caller, only on being signed in and with which
  // roles; Apollo Server hands a repeated query's cached document back, so each operation is walked once per
  // schema and kind of caller. Kept on the operation node: entries go when the document cache drops it.
  const verdicts = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; byCaller: Map<string, GraphQLError | null> }>();
  const judge = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, viewer: Viewer | null) => {
    let known = verdicts.get(operation);
    if (known?.schema !== schema) {
      known = { schema, byCaller: new Map() };
      verdicts.set(operation, known);
    }
    const caller = viewer ? [...viewer.roles].sort().join(',') : null;
    const key = caller === null ? '' : `signed in:${caller}`;
    if (!known.byCaller.has(key)) known.byCaller.set(key, refuseOperation(schema, contract, document, operation, viewer));
    return known.byCaller.get(key)!;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (!operation) return;
          const refusal = judge(schema, document, operation, contextValue.viewer);
          if (!refusal) return;
          const status = refusal.extensions.code === 'UNAUTHENTICATED' ? 401 : 403;
          throw new GraphQLError(refusal.message, { path: refusal.path, extensions: { ...refusal.extensions, http: { status } } });
        },
      };
    },
  };
}
