/**
 * One client request's fetches to the same subgraph that start together, sent as one operation.
 *
 * Each fetch's root fields are aliased under a prefix of its own (`_entities` becomes `b0__entities`,
 * `b1__entities`, ...), and so are its variables (`$representations` becomes `$b0_representations`) and
 * fragments; the answer is split back by those prefixes, so every fetch gets exactly the answer it would have
 * got alone. The home reaches rights once instead of three times, one holdings read instead of three.
 *
 * Only fetches of the same client request are merged (they carry the same token, request id and clock), only
 * queries, and never fetches asking for federated traces. A merged fetch the subgraph refuses or that fails
 * (an HTTP or network error, or errors that name no field of one fetch) is sent again as one request per
 * fetch, so a merge never changes an answer.
 */
import {
  Kind,
  parse,
  print,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLFormattedError,
  OperationTypeNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';

export interface BatchableRequest {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export interface BatchableResponse {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<GraphQLFormattedError>;
  extensions?: Record<string, unknown>;
}

export interface MergedOperation {
  query: string;
  operationName: string;
  variables: Record<string, unknown>;
  /** Each fetch's root response keys, as sent, by the key the fetch itself used. */
  roots: Map<string, string>[];
}

const prefixOf = (index: number) => `b${index}_`;

type MergedDocument = Omit<MergedOperation, 'variables'>;

/**
 * Merged documents by the fetches' documents: plans repeat, so the same fetches meet again on every request
 * of a screen (parsing, renaming and printing them was about 2.5 % of the gateway's CPU per home). Bounded,
 * the oldest dropped first.
 */
const mergedDocuments = new Map<string, MergedDocument | null>();
const MERGED_DOCUMENTS_KEPT = 1000;

/** The operations as one, or null when one of them cannot be merged (not a single query, directives...). */
export function mergeOperations(requests: BatchableRequest[]): MergedOperation | null {
  const key = JSON.stringify([requests[0]?.operationName ?? null, ...requests.map((request) => request.query ?? null)]);
  let merged = mergedDocuments.get(key);
  if (merged === undefined) {
    merged = mergeDocuments(requests);
    if (mergedDocuments.size >= MERGED_DOCUMENTS_KEPT) mergedDocuments.delete(mergedDocuments.keys().next().value!);
    mergedDocuments.set(key, merged);
  }
  if (!merged) return null;
  const variables: Record<string, unknown> = {};
  for (const [index, request] of requests.entries()) {
    for (const [name, value] of Object.entries(request.variables ?? {})) variables[prefixOf(index) + name] = value;
  }
  return { ...merged, variables };
}

function mergeDocuments(requests: BatchableRequest[]): MergedDocument | null {
  const variableDefinitions: VariableDefinitionNode[] = [];
  const selections: FieldNode[] = [];
  const fragments: DefinitionNode[] = [];
  const roots: Map<string, string>[] = [];
  for (const [index, request] of requests.entries()) {
    if (!request.query) return null;
    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch {
      return null;
    }
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    if (operations.length !== 1) return null;
    const [operation] = operations;
    if (operation.operation !== OperationTypeNode.QUERY || operation.directives?.length) return null;
    const prefix = prefixOf(index);
    // Variables and fragments renamed under the prefix, everywhere they are declared or used.
    const renamed = visit(document, {
      Variable: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
      FragmentSpread: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
      FragmentDefinition: (node) => ({ ...node, name: { ...node.name, value: prefix + node.name.value } }),
    });
    const own = new Map<string, string>();
    for (const definition of renamed.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.push(definition);
      else if (definition.kind === Kind.OPERATION_DEFINITION) {
        variableDefinitions.push(...(definition.variableDefinitions ?? []));
        for (const selection of definition.selectionSet.selections) {
          // Root fields only: a fragment at the root would need its fields renamed inside it.
          if (selection.kind !== Kind.FIELD) return null;
          const key = selection.alias?.value ?? selection.name.value;
          const sent = prefix + key;
          own.set(key, sent);
          selections.push({ ...selection, alias: { kind: Kind.NAME, value: sent } });
        }
      } else return null;
    }
    roots.push(own);
  }
  const operationName = `${requests[0].operationName ?? 'Fetch'}__batch`;
  const merged: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: { kind: Kind.NAME, value: operationName },
        // The field's name in graphql 16 (17 renames it).
        variableDefinitions, // eslint-disable-line @typescript-eslint/no-deprecated
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
      ...fragments,
    ],
  };
  return { query: print(merged), operationName, roots };
}

/**
 * The merged answer as each fetch's own, or null when it cannot be split faithfully: no data, or an error
 * that names no field of one fetch (the whole request was refused, or failed).
 */
export function splitResponse<T extends BatchableResponse>(merged: MergedOperation, response: T): T[] | null {
  const answered: Record<string, unknown> | null | undefined = response.data;
  if (!answered) return null;
  const owners = merged.roots.map((roots) => new Map([...roots].map(([key, sent]) => [sent, key])));
  const parts: { data: Record<string, unknown>; errors: GraphQLFormattedError[] }[] = merged.roots.map(() => ({ data: {}, errors: [] }));
  for (const error of response.errors ?? []) {
    const root = error.path?.[0];
    const owner = typeof root === 'string' ? owners.findIndex((keys) => keys.has(root)) : -1;
    if (owner < 0) return null;
    // Locations in the merged document would mislead: they are dropped.
    const { locations: _locations, ...rest } = error;
    parts[owner].errors.push({ ...rest, path: [owners[owner].get(root as string)!, ...error.path!.slice(1)] });
  }
  merged.roots.forEach((roots, index) => {
    for (const [key, sent] of roots) parts[index].data[key] = answered[sent] ?? null;
  });
  return parts.map(({ data, errors }) => {
    const { errors: _all, ...rest } = response;
    return (errors.length ? { ...rest, data, errors } : { ...rest, data }) as T;
  });
}

interface Waiting<O, R> {
  options: O;
  resolve: (response: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the fetches of one group (a client request) that start together, in the same turn of the event
 * loop, and sends them: one alone as it is, several as one merged operation, or one by one when the merge is
 * refused.
 */
export class FetchBatches<O, R extends BatchableResponse> {
  private readonly waiting = new Map<object, Waiting<O, R>[]>();

  constructor(
    private readonly requestOf: (options: O) => BatchableRequest,
    /** Sends one fetch, or, with `merged`, the merged operation (with the first fetch's options otherwise). */
    private readonly send: (options: O, merged?: MergedOperation) => Promise<R>,
    /** Told when a merged fetch had to be sent again one by one. */
    private readonly onFallback: (fetches: number, error?: unknown) => void = () => undefined,
  ) {}

  fetch(group: object, options: O): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let queue = this.waiting.get(group);
      if (!queue) {
        queue = [];
        this.waiting.set(group, queue);
        // After every fetch started in this turn (their promises settle in microtasks, before this runs).
        setImmediate(() => {
          this.waiting.delete(group);
          void this.flush(queue!);
        });
      }
      queue.push({ options, resolve, reject });
    });
  }

  private sendAlone({ options, resolve, reject }: Waiting<O, R>) {
    this.send(options).then(resolve, reject);
  }

  private async flush(queue: Waiting<O, R>[]) {
    if (queue.length === 1) return this.sendAlone(queue[0]);
    const merged = mergeOperations(queue.map((waiting) => this.requestOf(waiting.options)));
    if (!merged) return queue.forEach((waiting) => this.sendAlone(waiting));
    let parts: R[] | null = null;
    let failure: unknown;
    try {
      parts = splitResponse(merged, await this.send(queue[0].options, merged));
    } catch (error) {
      failure = error;
    }
    if (!parts) {
      this.onFallback(queue.length, failure);
      return queue.forEach((waiting) => this.sendAlone(waiting));
    }
    queue.forEach((waiting, index) => waiting.resolve(parts[index]));
  }
}
