import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  astFromValue,
  buildASTSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  print,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { auditTrailId, checkAuditQuery, readAccessContract, refusalFor, type FieldAccess, type Viewer } from '@tvstream/service-kit';
import { readSupergraphConfig, SUPERGRAPH_SDL } from '../scripts/compose-supergraph';
import { gql, register, sessionWithRoles, uniqueEmail, type Session } from './support/client';
import { createChannel } from './support/live';
import { createPackage, createPlan, must } from './support/rights';

const ROOT = resolve(__dirname, '..');
const REFUSED = ['UNAUTHENTICATED', 'FORBIDDEN'];

let owner: Session;
let otherViewer: Session;
let editor: Session;
/** Entities every caller may see, and catalog entities no viewer may see (drafts). */
const visible: Record<string, string> = {};
const hidden: Record<string, string> = {};

async function title(kind: 'createMovie' | 'createSeries', input: Record<string, unknown>) {
  const data = await must<Record<string, { id: string }>>(
    `mutation($i: TitleInput!) { ${kind}(input: $i) { id } }`,
    { i: { title: `Auth ${kind} ${Math.random().toString(36).slice(2, 8)}`, ...input } },
    editor.accessToken,
  );
  return data[kind].id;
}

async function seriesWithEpisode(publish: boolean) {
  const seriesId = await title('createSeries', {});
  const { createSeason } = await must<{ createSeason: { id: string } }>(
    `mutation($s: ID!) { createSeason(seriesId: $s, number: 1) { id } }`,
    { s: seriesId },
    editor.accessToken,
  );
  const { createEpisode } = await must<{ createEpisode: { id: string } }>(
    `mutation($s: ID!) { createEpisode(seasonId: $s, input: { title: "Pilot", episodeNumber: 1, manifestPath: "/vod/pilot.m3u8" }) { id } }`,
    { s: createSeason.id },
    editor.accessToken,
  );
  if (publish) await must(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: seriesId }, editor.accessToken);
  return { Series: seriesId, Season: createSeason.id, Episode: createEpisode.id };
}

beforeAll(async () => {
  [owner, otherViewer, editor] = await Promise.all([register(uniqueEmail('owner')), register(uniqueEmail('other')), sessionWithRoles(['EDITOR'])]);
  const manager = await sessionWithRoles(['RIGHTS_MANAGER']);
  const movie = await title('createMovie', { manifestPath: '/vod/secret/master.m3u8' });
  await must(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: movie }, editor.accessToken);
  const channel = await createChannel(editor.accessToken, { streamUrl: 'https://ingest.example/secret.m3u8' });
  const start = new Date(Date.now() + 3_600_000);
  const { createProgramme } = await must<{ createProgramme: { id: string } }>(
    `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
    { i: { channelId: channel.id, start: start.toISOString(), end: new Date(start.getTime() + 1_800_000).toISOString(), titles: [{ text: 'Auth news' }] } },
    editor.accessToken,
  );
  const plan = await createPlan(manager, [await createPackage(manager, { name: 'Auth package', titleIds: [movie] })]);
  Object.assign(visible, {
    User: owner.user.id,
    Movie: movie,
    ...(await seriesWithEpisode(true)),
    Channel: channel.id,
    Programme: createProgramme.id,
    Plan: plan,
    // The audit trail's key is its filter (every one of its fields is the administrators').
    AuditTrail: auditTrailId(checkAuditQuery({}, 5)),
  });
  Object.assign(hidden, { Movie: await title('createMovie', { manifestPath: '/vod/draft.m3u8' }), ...(await seriesWithEpisode(false)) });
});

interface Caller {
  label: string;
  session: () => Session | null;
}
const CALLERS: Caller[] = [
  { label: 'anonymous', session: () => null },
  { label: 'the owner (a viewer)', session: () => owner },
  { label: 'another viewer', session: () => otherViewer },
];

const viewerOf = (session: Session | null): Viewer | null =>
  session && { userId: session.user.id, roles: session.user.roles as Viewer['roles'], profileId: null, maxMaturity: 18 };

/** What the contract lets this caller read of this entity; `@policy` fields here are all the account holder's. */
function mayRead(access: FieldAccess, session: Session | null, entityId: string) {
  if (refusalFor(access, viewerOf(session))) return false;
  return access.every((clause) => clause.kind !== 'policy' || session?.user.id === entityId);
}

const selectionFor = (field: GraphQLField<unknown, unknown>) => (isCompositeType(getNamedType(field.type)) ? `${field.name} { __typename }` : field.name);

const subgraphs = Object.entries(readSupergraphConfig().subgraphs).map(([name, subgraph]) => {
  const typeDefs = parse(readFileSync(resolve(ROOT, subgraph.schema.file), 'utf8'));
  const schema = buildSubgraphSchema(typeDefs);
  const contract = readAccessContract(typeDefs);
  const entities = typeDefs.definitions.flatMap((d) =>
    d.kind === Kind.OBJECT_TYPE_DEFINITION &&
    d.directives?.some(
      (k) => k.name.value === 'key' && !k.arguments?.some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value),
    )
      ? [schema.getType(d.name.value) as GraphQLObjectType]
      : [],
  );
  return { name, contract, entities };
});

const entityCases = subgraphs.flatMap(({ name, contract, entities }) =>
  entities.flatMap((type) => CALLERS.map((caller) => ({ subgraph: name, type, caller, contract }))),
);

describe('entities asked straight at each subgraph (`_entities`) show a caller only what the contract opens', () => {
  test.each(entityCases.map((c) => [c.subgraph, c.type.name, c.caller.label, c] as const))(
    '%s %s as %s',
    async (subgraph, typeName, _label, { type, caller, contract }) => {
      const url = process.env[`SUBGRAPH_${subgraph.toUpperCase()}_URL`]!;
      const session = caller.session();
      const id = visible[typeName];
      expect(id).toBeDefined();
      // An @external field is another subgraph's to resolve (here it is only a @requires input).
      const ownFields = Object.values(type.getFields()).filter((f) => !f.astNode?.directives?.some((d) => d.name.value === 'external'));
      for (const field of ownFields) {
        const res = await gql(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typeName} { ${selectionFor(field)} } } }`,
          { r: [{ __typename: typeName, id }] },
          { url, token: session?.accessToken },
        );
        const entity = res.data?._entities?.[0];
        const codes = (res.errors ?? []).map((e) => e.extensions?.code);
        const access = contract.get(typeName)!.get(field.name)!;
        if (mayRead(access, session, id)) {
          expect({ field: field.name, codes }).toEqual({ field: field.name, codes: [] });
        } else {
          expect({ field: field.name, value: entity?.[field.name] ?? null }).toEqual({ field: field.name, value: null });
          expect({ field: field.name, refused: codes.some((code) => REFUSED.includes(code!)) }).toEqual({ field: field.name, refused: true });
        }
      }
      if (hidden[typeName] && subgraph === 'catalog') {
        const res = await gql(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typeName} { id } } }`,
          { r: [{ __typename: typeName, id: hidden[typeName] }] },
          { url, token: session?.accessToken },
        );
        expect(res.data?._entities).toEqual([null]);
      }
    },
  );

  test('a viewer asking identity for another account gets its id and name, and none of its email, roles, status or profiles', async () => {
    const res = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName email roles disabled profiles { id } } } }`,
      { r: [{ __typename: 'User', id: owner.user.id }] },
      { url: process.env.SUBGRAPH_IDENTITY_URL, token: otherViewer.accessToken },
    );
    expect(res.data?._entities).toEqual([null]);
    const named = await gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName } } }`,
      { r: [{ __typename: 'User', id: owner.user.id }] },
      { url: process.env.SUBGRAPH_IDENTITY_URL, token: otherViewer.accessToken },
    );
    expect(named.data?._entities).toEqual([{ id: owner.user.id, displayName: 'Test Viewer' }]);
  });

  test('a draft series stays hidden through its season and its episode; editors see all three', async () => {
    for (const typeName of ['Series', 'Season', 'Episode']) {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typeName} { id } } }`;
      const asViewer = await gql(
        query,
        { r: [{ __typename: typeName, id: hidden[typeName] }] },
        { url: process.env.SUBGRAPH_CATALOG_URL, token: owner.accessToken },
      );
      expect({ typeName, entities: asViewer.data?._entities }).toEqual({ typeName, entities: [null] });
      const asEditor = await gql(
        query,
        { r: [{ __typename: typeName, id: hidden[typeName] }] },
        { url: process.env.SUBGRAPH_CATALOG_URL, token: editor.accessToken },
      );
      expect({ typeName, entities: asEditor.data?._entities }).toEqual({ typeName, entities: [{ id: hidden[typeName] }] });
    }
  });

  test('viewers never read where the media is; editors do', async () => {
    const query = `query($id: ID) { title(id: $id) { ... on Movie { video { durationSeconds manifestPath } } } }`;
    const asViewer = await gql(query, { id: visible.Movie }, { token: owner.accessToken });
    expect(asViewer.errors?.[0]).toMatchObject({ path: ['title', 'video', 'manifestPath'], extensions: { code: 'FORBIDDEN' } });
    expect(asViewer.data ?? null).toBeNull();
    const asEditor = await gql(query, { id: visible.Movie }, { token: editor.accessToken });
    expect(asEditor.data?.title.video.manifestPath).toBe('/vod/secret/master.m3u8');
  });

  test('nor by asking catalog directly for a movie’s or an episode’s video through `_entities`', async () => {
    for (const typeName of ['Movie', 'Episode']) {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typeName} { video { durationSeconds manifestPath } } } }`;
      for (const caller of CALLERS) {
        const session = caller.session();
        const res = await gql(
          query,
          { r: [{ __typename: typeName, id: visible[typeName] }] },
          { url: process.env.SUBGRAPH_CATALOG_URL, token: session?.accessToken },
        );
        expect({ typeName, caller: caller.label, leaked: JSON.stringify(res.data ?? null).includes('.m3u8') }).toEqual({
          typeName,
          caller: caller.label,
          leaked: false,
        });
        expect({ typeName, caller: caller.label, code: res.errors?.[0]?.extensions?.code }).toEqual({
          typeName,
          caller: caller.label,
          code: session ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        });
      }
      const asEditor = await gql(
        query,
        { r: [{ __typename: typeName, id: visible[typeName] }] },
        { url: process.env.SUBGRAPH_CATALOG_URL, token: editor.accessToken },
      );
      expect(JSON.stringify(asEditor.data)).toContain('.m3u8');
    }
  });
});

/** A value of the right type for a required argument; the refusal comes before anything reads it. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  if (isScalarType(type))
    return (
      ({ Int: 1, Float: 1, Boolean: true, ID: '00000000-0000-4000-8000-000000000000', DateTime: new Date().toISOString() } as Record<string, unknown>)[
        type.name
      ] ?? 'x'
    );
  return null;
}

const withArgs = (field: GraphQLField<unknown, unknown>) => {
  const required = field.args.filter((a) => isNonNullType(a.type));
  return required.length ? `${field.name}(${required.map((a) => `${a.name}: ${print(astFromValue(sample(a.type), a.type)!)}`).join(', ')})` : field.name;
};

/** The shortest selection from a root field down to `Type.field`, as an operation. */
function operationReaching(schema: GraphQLSchema, typeName: string, fieldName: string) {
  for (const rootType of [schema.getQueryType()!, schema.getMutationType()!]) {
    const queue: { type: GraphQLObjectType; steps: { field: GraphQLField<unknown, unknown>; reached: GraphQLObjectType }[] }[] = [
      { type: rootType, steps: [] },
    ];
    const seen = new Set<string>([rootType.name]);
    while (queue.length) {
      const { type, steps } = queue.shift()!;
      if (type.name === typeName) {
        const target = type.getFields()[fieldName];
        let selection = isCompositeType(getNamedType(target.type)) ? `${withArgs(target)} { __typename }` : withArgs(target);
        for (const { field, reached } of [...steps].reverse()) {
          const inner = isObjectType(getNamedType(field.type)) ? selection : `... on ${reached.name} { ${selection} }`;
          selection = `${withArgs(field)} { ${inner} }`;
        }
        return `${rootType === schema.getQueryType() ? 'query' : 'mutation'} { ${selection} }`;
      }
      for (const field of Object.values(type.getFields())) {
        const next = getNamedType(field.type);
        const candidates = isObjectType(next) ? [next] : isAbstractType(next) ? schema.getPossibleTypes(next) : [];
        for (const candidate of candidates) {
          if (seen.has(candidate.name)) continue;
          seen.add(candidate.name);
          queue.push({ type: candidate, steps: [...steps, { field, reached: candidate }] });
        }
      }
    }
  }
  return null;
}

describe('the gateway refuses an operation selecting a field the caller may not have, naming the field', () => {
  const supergraph = parse(readFileSync(SUPERGRAPH_SDL, 'utf8'));
  const contract = readAccessContract(supergraph);
  const apiSchema = buildASTSchema(supergraph, { assumeValidSDL: true });
  const closedFields = [...contract].flatMap(([type, fields]) =>
    isObjectType(apiSchema.getType(type)) && !type.startsWith('join__') ? [...fields].map(([field, access]) => ({ type, field, access })) : [],
  );

  test.each(CALLERS.map((c) => [c.label, c] as const))('as %s', async (_label, caller) => {
    const session = caller.session();
    const checked: string[] = [];
    for (const { type, field, access } of closedFields) {
      const expected = refusalFor(access, viewerOf(session));
      if (!expected) continue;
      const operation = operationReaching(apiSchema, type, field);
      if (!operation) continue;
      const res = await gql(operation, {}, { token: session?.accessToken });
      const refused = (res.errors?.[0]?.extensions?.refusedFields ?? []) as { field: string; code: string }[];
      expect({ operation, data: res.data ?? null, code: res.errors?.[0]?.extensions?.code }).toEqual({
        operation,
        data: null,
        code: expect.stringMatching(/^(UNAUTHENTICATED|FORBIDDEN)$/),
      });
      expect(refused.map((r) => r.field)).toContain(`${type}.${field}`);
      checked.push(`${type}.${field}`);
    }
    expect(checked.length).toBeGreaterThan(session ? 10 : 30);
  });
});
