import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';
import { extractWebDocuments, MANIFEST_PATH, manifestText } from '../../scripts/persisted-documents';
import { supergraphForPlanner } from './supergraph';
import { admitOperation, loadTrustedDocuments } from './trusted-documents';

const documents = loadTrustedDocuments(MANIFEST_PATH);
const [[homeId, home]] = [...documents].filter(([, text]) => text.startsWith('query Home'));

describe("the web app's trusted documents", () => {
  test('the committed manifest holds every operation the web app sends (run `npm run documents`)', () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(manifestText(extractWebDocuments()));
  });

  test('every one is valid against the supergraph the gateway serves', () => {
    const schema = Supergraph.build(supergraphForPlanner(readFileSync(resolve(__dirname, '..', '..', 'supergraph.graphql'), 'utf8')))
      .apiSchema()
      .toGraphQLJSSchema();
    const invalid = [...documents.values()].flatMap((text) => validate(schema, parse(text)).map((error) => `${text.split(/[({]/)[0]}: ${error.message}`));
    expect(invalid).toEqual([]);
  });
});

describe('admitting an operation', () => {
  test('a known id becomes its document, by documentId or by persisted-query hash', () => {
    const byId = { documentId: `sha256:${homeId}`, variables: {} };
    expect(admitOperation(byId, documents, true)).toBeNull();
    expect(byId).toEqual({ query: home, variables: {} });
    const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: homeId } } };
    expect(admitOperation(byHash, documents, true)).toBeNull();
    expect(byHash).toEqual({ query: home, extensions: {} });
  });

  test('trusted-only: an unknown id or an unregistered document is refused; a registered text is answered', () => {
    expect(admitOperation({ documentId: 'f'.repeat(64) }, documents, true)?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(admitOperation({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }, documents, true)?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect(admitOperation({ query: '{ me { id } }' }, documents, true)?.code).toBe('OPERATION_NOT_TRUSTED');
    expect(admitOperation({}, documents, true)?.code).toBe('OPERATION_NOT_TRUSTED');
    expect(admitOperation([{ query: home }], documents, true)?.code).toBe('OPERATION_NOT_TRUSTED');
    expect(admitOperation({ query: home, extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }, documents, true)?.code).toBe(
      'OPERATION_NOT_TRUSTED',
    );
    const text = { query: home, extensions: { persistedQuery: { version: 1, sha256Hash: homeId } } };
    expect(admitOperation(text, documents, true)).toBeNull();
    expect(text).toEqual({ query: home, extensions: {} });
    expect(admitOperation({ query: home }, documents, true)).toBeNull();
  });

  test('otherwise any document passes, and an unknown hash is left to automatic persisted queries', () => {
    expect(admitOperation({ query: '{ me { id } }' }, documents, false)).toBeNull();
    const apq = { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } };
    expect(admitOperation(apq, documents, false)).toBeNull();
    expect(apq.extensions.persistedQuery.sha256Hash).toBe('f'.repeat(64));
    expect(admitOperation({ documentId: 'f'.repeat(64) }, documents, false)?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
