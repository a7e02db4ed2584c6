/**
 * Trusted documents: the operations first-party clients send, registered at build time
 * (`npm run documents` writes the web app's into web/src/generated/persisted-documents.json) and sent by id.
 *
 * A known id becomes its document before Apollo Server sees the request, so it takes the path of any
 * repeated document: Apollo's document store holds it parsed and validated, and the gateway's planner
 * holds its plan; nothing is parsed, validated or planned again per request. With TRUSTED_DOCUMENTS_ONLY
 * the gateway answers nothing else; without it, other documents and automatic persisted queries (third
 * parties) pass through to Apollo Server as before.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HttpRefusal } from '@tvstream/service-kit';

/** Document id (SHA-256 of its exact text, hex) → document. */
export type TrustedDocuments = ReadonlyMap<string, string>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Reads a manifest; an id that is not its document's hash is a corrupt manifest, refused at start-up. */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  for (const [id, text] of Object.entries(manifest)) {
    if (sha256(text) !== id) throw new Error(`${path}: ${id} is not the SHA-256 of its document`);
  }
  return new Map(Object.entries(manifest));
}

export interface Refusal {
  status: number;
  code: 'PERSISTED_QUERY_NOT_FOUND' | 'OPERATION_NOT_TRUSTED';
  message: string;
}

interface OperationBody {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown>;
}

/** `documentId` as GraphQL-over-HTTP's persisted-documents draft writes it (`sha256:<hex>`) or bare. */
const idOf = (body: OperationBody): string | null => {
  const id = body.documentId ?? body.extensions?.persistedQuery?.sha256Hash;
  return typeof id === 'string' ? id.replace(/^sha256:/, '') : null;
};

const NOT_TRUSTED: Refusal = { status: 400, code: 'OPERATION_NOT_TRUSTED', message: 'This API answers only the operations registered for its own apps' };

/**
 * Admits one POSTed operation: a known id is replaced by its document (in place); in trusted-only mode an
 * unknown id, any document not in the manifest and any batch are refused. Other bodies are left to Apollo
 * Server, which refuses malformed ones.
 */
export function admitOperation(body: unknown, documents: TrustedDocuments, trustedOnly: boolean): Refusal | null {
  if (!body || typeof body !== 'object') return null;
  if (Array.isArray(body)) return trustedOnly ? NOT_TRUSTED : null;
  const operation = body as OperationBody;
  const id = idOf(operation);
  const admit = (text: string) => {
    operation.query = text;
    delete operation.documentId;
    // Apollo Server would otherwise hash the text again to check it against the id.
    delete operation.extensions?.persistedQuery;
    return null;
  };
  if (operation.query === undefined && id !== null) {
    const text = documents.get(id);
    if (text !== undefined) return admit(text);
    // A document id names only a registered document; a bare hash may still be an automatic persisted query.
    if (trustedOnly || operation.documentId !== undefined)
      return { status: 200, code: 'PERSISTED_QUERY_NOT_FOUND', message: `No trusted document has the id ${id}` };
    return null;
  }
  if (!trustedOnly) return null;
  const hash = typeof operation.query === 'string' ? sha256(operation.query) : null;
  if (hash === null || !documents.has(hash) || (id !== null && id !== hash)) return NOT_TRUSTED;
  return admit(operation.query as string);
}

/**
 * The step in front of Apollo Server (graphqlHandler's `admit`): POSTed bodies as above; in trusted-only mode
 * GET operations are refused too unless their text is trusted.
 */
export function admitHttpOperation(
  documents: TrustedDocuments,
  trustedOnly: boolean,
): (request: { method: string; body: unknown; search: string }) => HttpRefusal | null {
  return ({ method, body, search }) => {
    const refusal =
      method === 'POST'
        ? admitOperation(body, documents, trustedOnly)
        : trustedOnly
          ? admitOperation({ query: new URLSearchParams(search).get('query') ?? undefined }, documents, true)
          : null;
    return refusal && new HttpRefusal(refusal.status, refusal.code, refusal.message);
  };
}
