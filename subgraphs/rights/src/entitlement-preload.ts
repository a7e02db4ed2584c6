/**
 * A screen asks `entitled` of many entities in one request (the home: ~90 in one `_entities` call). Every
 * answer needs the same two things, the viewer's access in force and the packages' rules, which one request
 * loads once. Loading them before execution starts lets each entity's field be answered with a plain value:
 * no promise per entity for graphql-js to wait on.
 */
import { BREAK, Kind, visit, type DocumentNode } from 'graphql';
import type { SubgraphPlugin } from '@tvstream/service-kit';
import type { RightsContext } from './context';

/** A per-request value loaded at most once, that can be read without waiting once it has loaded. */
export interface Preloadable<T> {
  load(): Promise<T>;
  /** The value when it has loaded, else undefined. */
  loaded(): T | undefined;
}

export function preloadable<T>(load: () => Promise<T>): Preloadable<T> {
  let promise: Promise<T> | undefined;
  let value: T | undefined;
  return {
    load: () =>
      (promise ??= load().then((v) => {
        value = v;
        return v;
      })),
    loaded: () => value,
  };
}

const ENTITLEMENT_FIELDS = new Set(['entitled', 'entitlement']);

/** Whether a document selects `entitled` or `entitlement` anywhere; documents are parsed once and reused, so once each. */
const asked = new WeakMap<DocumentNode, boolean>();
export function asksEntitlement(document: DocumentNode): boolean {
  let found = asked.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.FIELD]: (node) => {
        if (!ENTITLEMENT_FIELDS.has(node.name.value)) return undefined;
        found = true;
        return BREAK;
      },
    });
    asked.set(document, found);
  }
  return found;
}

/**
 * Loads the signed-in viewer's entitlement scope before a query that asks for entitlements executes. Queries
 * only: a mutation's answer must see what the mutation changed, so there the fields load it when they run.
 * A failed load is left to those fields too, which report it as they did before (it is the same promise).
 */
export function preloadEntitlements(): SubgraphPlugin<RightsContext> {
  const listener = {
    async executionDidStart({ operation, document, contextValue }: { operation?: { operation: string }; document: DocumentNode; contextValue: RightsContext }) {
      if (!contextValue.viewer || operation?.operation !== 'query' || !asksEntitlement(document)) return;
      await contextValue.entitlements.load().catch(() => undefined);
    },
  };
  return { requestDidStart: async () => listener };
}
