import { buildASTSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { authorizationPlugin, readAccessContract, refuseOperation } from './authorization';
import type { Viewer } from './auth';

const SDL = `
  directive @public on OBJECT | INTERFACE | FIELD_DEFINITION
  directive @authenticated on OBJECT | INTERFACE | FIELD_DEFINITION
  directive @requiresScopes(scopes: [[String!]!]!) on OBJECT | INTERFACE | FIELD_DEFINITION
  directive @policy(policies: [[String!]!]!) on OBJECT | INTERFACE | FIELD_DEFINITION
  interface Title @public { id: ID! }
  type Movie implements Title @public { id: ID! video: Video }
  type Series implements Title @public { id: ID! }
  type Video { duration: Int @public path: String @requiresScopes(scopes: [["EDITOR"], ["ADMIN"]]) }
  type User { id: ID! @public email: String @policy(policies: [["accountHolder"]]) }
  type Audit @requiresScopes(scopes: [["ADMIN"]]) { action: String @public }
  type Query { titles: [Title!]! @public me: User @authenticated audits: [Audit!]! @public forgotten: Int }
`;
const schema = buildASTSchema(parse(SDL));
const contract = readAccessContract(parse(SDL));
const viewer: Viewer = { userId: 'u1', roles: ['VIEWER'], profileId: null, maxMaturity: 18 };
const editor: Viewer = { ...viewer, roles: ['VIEWER', 'EDITOR'] };

function refuse(query: string, caller: Viewer | null) {
  const document = parse(query);
  return refuseOperation(schema, contract, document, document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode, caller);
}

describe('the gateway reading access declarations', () => {
  test('a type declaration holds for its fields and adds to theirs', () => {
    expect(
      contract
        .get('Audit')!
        .get('action')!
        .map((c) => c.kind),
    ).toEqual(['scopes', 'public']);
    expect(contract.get('Query')!.get('forgotten')).toEqual([]);
  });

  test('refuses a field without the scope, naming it by response path, through aliases and fragments', () => {
    const refusal = refuse(`query { titles { ...M } } fragment M on Movie { clip: video { path duration } }`, viewer);
    expect(refusal?.extensions.code).toBe('FORBIDDEN');
    expect(refusal?.path).toEqual(['titles', 'clip', 'path']);
    expect(refuse(`{ titles { ... on Movie { video { path } } } }`, editor)).toBeNull();
  });

  test('anonymous callers are told to sign in; signed-in callers lacking a role are forbidden', () => {
    expect(refuse(`{ me { id } }`, null)?.extensions.code).toBe('UNAUTHENTICATED');
    expect(refuse(`{ audits { action } }`, null)?.extensions.code).toBe('UNAUTHENTICATED');
    expect(refuse(`{ audits { action } }`, viewer)?.extensions.code).toBe('FORBIDDEN');
  });

  test('a field declared nowhere is closed; owner policies are left to the subgraph that has the data', () => {
    expect(refuse(`{ forgotten }`, editor)?.extensions.code).toBe('FORBIDDEN');
    expect(refuse(`{ me { email } }`, viewer)).toBeNull();
  });

  test('every refused field is listed, and __typename is always open', () => {
    const refusal = refuse(`{ __typename me { id } audits { action } }`, null);
    expect((refusal?.extensions.refusedFields as { field: string }[]).map((r) => r.field)).toEqual(['Query.me', 'Audit.action']);
  });
});

describe('the gateway’s plugin', () => {
  const plugin = authorizationPlugin<{ viewer: Viewer | null }>(contract);
  /** What a request gets: null when admitted, else the refusal's code and HTTP status. */
  async function verdict(document: ReturnType<typeof parse>, caller: Viewer | null) {
    const listener = (await plugin.requestDidStart!({} as never)) as { didResolveOperation: (context: unknown) => Promise<void> };
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    try {
      await listener.didResolveOperation({ schema, document, operation, contextValue: { viewer: caller } });
      return null;
    } catch (error) {
      const { code, http } = (error as { extensions: { code: string; http: { status: number } } }).extensions;
      return { code, status: http.status };
    }
  }

  test('judges one parsed document again for every kind of caller, in any order', async () => {
    // One document object, as Apollo Server's document cache hands back a repeated query.
    const document = parse(`{ titles { ... on Movie { video { path } } } me { id } }`);
    const admin: Viewer = { ...viewer, roles: ['ADMIN'] };
    for (let round = 0; round < 2; round++) {
      expect(await verdict(document, editor)).toBeNull();
      expect(await verdict(document, null)).toEqual({ code: 'UNAUTHENTICATED', status: 401 });
      expect(await verdict(document, viewer)).toEqual({ code: 'FORBIDDEN', status: 403 });
      expect(await verdict(document, { ...editor, userId: 'someone else', roles: ['EDITOR', 'VIEWER'] })).toBeNull();
      expect(await verdict(document, admin)).toBeNull();
    }
  });
});
