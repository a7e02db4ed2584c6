/**
 * A profile's language: set on the profile (identity), carried in the access token once the profile is
 * selected, and followed by live's programme texts and by search's shown and boosted titles whenever a request
 * names no language — ahead of Accept-Language, behind an explicit argument.
 */
import { codes, gql, register, sessionWithRoles, type Session } from './support/client';
import { createChannel } from './support/live';
import { must } from './support/rights';
import { eventually } from './support/eventually';

const PROFILE = 'id name maxMaturity language';

interface Profile {
  id: string;
  name: string;
  maxMaturity: number;
  language: string | null;
}

/** A new account with a profile in `language`, signed in on that profile. */
async function viewerIn(language: string): Promise<{ profile: Profile; token: string; refreshToken: string }> {
  const session = await register();
  const { createProfile: profile } = await must<{ createProfile: Profile }>(
    `mutation($l: String) { createProfile(name: "Amélie", maxMaturity: 18, language: $l) { ${PROFILE} } }`,
    { l: language },
    session.accessToken,
  );
  const { selectProfile } = await must<{ selectProfile: { accessToken: string; refreshToken: string; profile: Profile } }>(
    `mutation($r: String!, $p: ID!) { selectProfile(refreshToken: $r, profileId: $p) { accessToken refreshToken profile { ${PROFILE} } } }`,
    { r: session.refreshToken, p: profile.id },
  );
  expect(selectProfile.profile).toEqual(profile);
  return { profile, token: selectProfile.accessToken, refreshToken: selectProfile.refreshToken };
}

describe('a profile’s language', () => {
  let editor: Session;

  beforeAll(async () => {
    editor = await sessionWithRoles(['EDITOR']);
  });

  test('is a BCP 47 tag, set at createProfile and by its owner with updateProfile, in canonical case', async () => {
    const owner = await register();
    const { createProfile } = await must<{ createProfile: Profile }>(
      `mutation { createProfile(name: "Pedro", maxMaturity: 12, language: "pt-br") { ${PROFILE} } }`,
      {},
      owner.accessToken,
    );
    expect(createProfile).toMatchObject({ name: 'Pedro', maxMaturity: 12, language: 'pt-BR' });

    const refused = await gql(`mutation { createProfile(name: "X", maxMaturity: 12, language: "Portuguese") { id } }`, {}, { token: owner.accessToken });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].extensions!.fieldErrors).toEqual([{ field: 'language', message: 'Use a BCP 47 language tag such as "fr" or "pt-BR"' }]);

    const UPDATE = `mutation($p: ID!, $i: UpdateProfileInput!) { updateProfile(profileId: $p, input: $i) { ${PROFILE} } }`;
    const renamed = await must<{ updateProfile: Profile }>(UPDATE, { p: createProfile.id, i: { name: 'Pedrinho' } }, owner.accessToken);
    // A field left out stays; null clears the language.
    expect(renamed.updateProfile).toMatchObject({ name: 'Pedrinho', language: 'pt-BR' });
    const cleared = await must<{ updateProfile: Profile }>(UPDATE, { p: createProfile.id, i: { language: null } }, owner.accessToken);
    expect(cleared.updateProfile).toMatchObject({ name: 'Pedrinho', language: null });
    expect(codes(await gql(UPDATE, { p: createProfile.id, i: { language: 'en_GB' } }, { token: owner.accessToken }))).toEqual(['BAD_USER_INPUT']);

    // Another account's profile is not found; an anonymous caller is not signed in.
    const stranger = await register();
    expect(codes(await gql(UPDATE, { p: createProfile.id, i: { language: 'fr' } }, { token: stranger.accessToken }))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(UPDATE, { p: createProfile.id, i: { language: 'fr' } }))).toEqual(['UNAUTHENTICATED']);
    const { me } = await must<{ me: { profiles: Profile[] } }>(`{ me { profiles { ${PROFILE} } } }`, {}, owner.accessToken);
    expect(me.profiles.find((p) => p.id === createProfile.id)).toMatchObject({ language: null });
  });

  test('gives a viewer on a French profile French programme titles without any header or argument', async () => {
    const channel = await createChannel(editor.accessToken);
    const start = new Date(Date.now() + 2 * 3600_000);
    const { createProgramme } = await must<{ createProgramme: { id: string } }>(
      `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
      {
        i: {
          channelId: channel.id,
          start: start.toISOString(),
          end: new Date(start.getTime() + 3600_000).toISOString(),
          titles: [
            { language: 'en', text: 'Evening News' },
            { language: 'fr', text: 'Le Journal du soir' },
          ],
          descriptions: [
            { language: 'en', text: 'The day in brief.' },
            { language: 'fr', text: 'La journée en bref.' },
          ],
        },
      },
      editor.accessToken,
    );
    const QUERY = `query($id: ID!) { programme(id: $id) { title description english: title(language: "en") } }`;
    const french = await viewerIn('fr');
    const seen = async (token: string | null, headers: Record<string, string> = {}) => {
      const res = await gql<{ programme: { title: string; description: string; english: string } }>(QUERY, { id: createProgramme.id }, { token, headers });
      expect(res.errors).toBeUndefined();
      return res.data!.programme;
    };
    expect(await seen(french.token)).toEqual({ title: 'Le Journal du soir', description: 'La journée en bref.', english: 'Evening News' });
    // Without a profile language: the programme's first-listed text, as before.
    expect(await seen(null)).toEqual({ title: 'Evening News', description: 'The day in brief.', english: 'Evening News' });
    expect(await seen((await register()).accessToken)).toMatchObject({ title: 'Evening News' });

    // Changed on the profile, the language reaches the next token the session gets (the one held keeps its own).
    await must(`mutation($p: ID!) { updateProfile(profileId: $p, input: { language: "en-GB" }) { id } }`, { p: french.profile.id }, french.token);
    expect(await seen(french.token)).toMatchObject({ title: 'Le Journal du soir' });
    const { refreshToken } = await must<{ refreshToken: { accessToken: string } }>(`mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`, {
      r: french.refreshToken,
    });
    expect(await seen(refreshToken.accessToken)).toMatchObject({ title: 'Evening News' });
  });

  test('shows and boosts French titles in search for a viewer on a French profile, before Accept-Language', async () => {
    const word = `Prfl${Date.now().toString(36)}`;
    const channel = await createChannel(editor.accessToken);
    const hour = (n: number) => new Date(Date.now() + n * 3600_000).toISOString();
    const programme = (titles: { language: string; text: string }[], from: number) =>
      must<{ createProgramme: { id: string } }>(
        `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
        { i: { channelId: channel.id, start: hour(from), end: hour(from + 1), titles } },
        editor.accessToken,
      ).then((d) => d.createProgramme.id);
    // One programme has an English title only, the other an English and a French one.
    const english = await programme([{ language: 'en', text: `${word} Morning Show` }], 1);
    const bilingual = await programme(
      [
        { language: 'en', text: `${word} Evening News` },
        { language: 'fr', text: `${word} Le Journal du soir` },
      ],
      2,
    );
    const SEARCH = `query($q: String!, $l: String) { search(query: $q, language: $l, filters: { types: [PROGRAMME] }) { edges { node { id title } } } }`;
    const hits = async (token: string | null, headers: Record<string, string> = {}, language: string | null = null) => {
      const res = await gql<{ search: { edges: { node: { id: string; title: string } }[] } }>(SEARCH, { q: word, l: language }, { token, headers });
      expect(res.errors).toBeUndefined();
      return res.data!.search.edges.map((e) => e.node);
    };
    await eventually(async () => (await hits(null)).length === 2);

    const french = await viewerIn('fr');
    // No header, no argument: the profile's French title is shown, and ranked above the English-only one.
    expect(await hits(french.token)).toEqual([
      { id: bilingual, title: `${word} Le Journal du soir` },
      { id: english, title: `${word} Morning Show` },
    ]);
    // The profile comes before the browser's Accept-Language...
    expect((await hits(french.token, { 'accept-language': 'de' }))[0]).toEqual({ id: bilingual, title: `${word} Le Journal du soir` });
    // ...and after an explicit argument.
    expect((await hits(french.token, {}, 'en')).map((h) => h.title).sort()).toEqual([`${word} Evening News`, `${word} Morning Show`]);
    // A viewer without a profile language sees the English titles.
    expect((await hits((await register()).accessToken)).map((h) => h.title).sort()).toEqual([`${word} Evening News`, `${word} Morning Show`]);
  });
});
