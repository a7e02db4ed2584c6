/** The catalog operations the title pages send (the trusted-documents manifest is built from them). */

export const ADMIN_TITLE = `query AdminTitle($id: ID!) {
  title(id: $id) {
    id slug title kind: __typename status availableFrom availableTo
    artwork { kind url width height generated }
    credits { name role }
    ... on Series { seasons { id number episodes { id title episodeNumber synopsis } } }
  }
}`;
export const UPDATE_TITLE = `mutation UpdateTitle($id: ID!, $input: TitleInput!) { updateTitle(id: $id, input: $input) { id } }`;
export const DELETE_TITLE = `mutation DeleteTitle($id: ID!) { deleteTitle(id: $id) }`;
export const CREATE_SEASON = `mutation CreateSeason($seriesId: ID!, $number: Int!) { createSeason(seriesId: $seriesId, number: $number) { id } }`;
export const UPDATE_SEASON = `mutation UpdateSeason($id: ID!, $number: Int!) { updateSeason(id: $id, number: $number) { id } }`;
export const DELETE_SEASON = `mutation DeleteSeason($id: ID!) { deleteSeason(id: $id) }`;
export const CREATE_EPISODE = `mutation CreateEpisode($seasonId: ID!, $input: EpisodeInput!) { createEpisode(seasonId: $seasonId, input: $input) { id } }`;
export const UPDATE_EPISODE = `mutation UpdateEpisode($id: ID!, $input: EpisodeUpdateInput!) { updateEpisode(id: $id, input: $input) { id } }`;
export const DELETE_EPISODE = `mutation DeleteEpisode($id: ID!) { deleteEpisode(id: $id) }`;
export const TITLE_HISTORY = `query TitleHistory($titleId: ID) { catalogAuditLog(titleId: $titleId, first: 20) { id action targetId actorId actorEmail details at } }`;
export const ADMIN_COLLECTIONS = `query AdminCollections { collections { id slug name kind titles(first: 100) { id title } } }`;
export const CREATE_COLLECTION = `mutation CreateCollection($slug: String!, $name: String!, $kind: CollectionKind!, $genre: String, $position: Int) {
  createCollection(slug: $slug, name: $name, kind: $kind, genre: $genre, position: $position) { id }
}`;
export const RENAME_COLLECTION = `mutation RenameCollection($id: ID!, $name: String!) { renameCollection(id: $id, name: $name) { id name } }`;
export const DELETE_COLLECTION = `mutation DeleteCollection($id: ID!) { deleteCollection(id: $id) }`;
/** The rail picker's search: titles of any status whose title contains the text. */
export const RAIL_CANDIDATES = `query RailCandidates($text: String!) {
  titles(filter: { titleContains: $text }, sort: TITLE, first: 20) { edges { node { id title } } }
}`;
export const SET_COLLECTION_TITLES = `mutation SetCollectionTitles($collectionId: ID!, $titleIds: [ID!]!) {
  setCollectionTitles(collectionId: $collectionId, titleIds: $titleIds) { id }
}`;

export interface Artwork {
  kind: string;
  url: string;
  width: number;
  height: number;
  /** The poster the catalog drew from the title: shown, never sent back as the editor's. */
  generated?: boolean;
}

export type CreditRole = 'CAST' | 'DIRECTOR' | 'WRITER' | 'PRODUCER' | 'CREATOR';

export interface Credit {
  name: string;
  role: CreditRole;
}

/** Each role as the editor reads it and the `TitleInput` field listing its people; creators are a series'. */
export const CREDIT_ROLES: { role: CreditRole; label: string; field: string; seriesOnly?: boolean }[] = [
  { role: 'CAST', label: 'cast', field: 'cast' },
  { role: 'DIRECTOR', label: 'director', field: 'directors' },
  { role: 'WRITER', label: 'writer', field: 'writers' },
  { role: 'PRODUCER', label: 'producer', field: 'producers' },
  { role: 'CREATOR', label: 'creator', field: 'creators', seriesOnly: true },
];

export interface AdminEpisode {
  id: string;
  title: string;
  episodeNumber: number;
  synopsis: string;
}

export interface AdminSeason {
  id: string;
  number: number;
  episodes: AdminEpisode[];
}

export interface EditedTitle {
  id: string;
  slug: string;
  title: string;
  kind: 'Movie' | 'Series';
  status: string;
  availableFrom: string | null;
  availableTo: string | null;
  artwork: Artwork[];
  credits: Credit[];
  seasons?: AdminSeason[];
}
